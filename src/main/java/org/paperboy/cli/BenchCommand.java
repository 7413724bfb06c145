package org.paperboy.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.embed.BgeSmallEmbeddingModel;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.ingest.Importer;
import org.paperboy.search.Search;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.opensearch.OpenSearchConfig;
import org.paperboy.search.opensearch.OpenSearchIndex;
import org.paperboy.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Search latency benchmark: builds an index of a corpus in a scratch directory and prints latency percentiles per
 * mode, single-threaded and under concurrency. Queries are the first words of titles of papers drawn at random, so
 * they are topical and each one different (no cache helps).
 */
@Command(name = "bench-search", mixinStandardHelpOptions = true, hidden = true,
        description = {"Search latency benchmark (see docs/benchmarks.md).",
                "Vectors: real ones from --vectors (a file written by 'paperboy embed --export'), else synthetic unit vectors.",
                "Engines: the embedded Lucene index (default) or an OpenSearch cluster (--engine opensearch)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "Papers to index (any import format).")
    Path corpus;

    @Option(names = "--papers", paramLabel = "N", description = "Index N papers, repeating the corpus with new ids if it is smaller (synthetic scale).")
    Integer papers;

    @Option(names = "--vectors", paramLabel = "FILE",
            description = "Real vectors of the corpus (from 'paperboy embed --export'); without it, synthetic ones.")
    Path vectors;

    @Option(names = "--scratch", paramLabel = "DIR", description = "Where to build the store and index (default: a temp dir).")
    Path scratch;

    @Option(names = "--merge-to", defaultValue = "1", paramLabel = "N",
            description = "Merge the index to at most N segments before measuring. Default: ${DEFAULT-VALUE}.")
    int mergeTo;

    @Option(names = "--queries", defaultValue = "500", paramLabel = "N", description = "Queries per measurement. Default: ${DEFAULT-VALUE}.")
    int queries;

    @Option(names = "--threads", defaultValue = "1,2,4", split = ",", paramLabel = "T", description = "Concurrency levels for throughput.")
    List<Integer> threads;

    @Option(names = "--real-model", defaultValue = "true", negatable = true,
            description = "Embed queries with the real model (default), so latency includes query embedding.")
    boolean realModel;

    @Option(names = "--engine", defaultValue = "lucene", paramLabel = "ENGINE",
            description = "The search engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    BenchIndex.Engine engine;

    @Option(names = "--opensearch-hosts", split = ",", paramLabel = "URL",
            description = "The OpenSearch nodes (e.g. from bench/opensearch.sh hosts); start from an empty cluster.")
    List<URI> openSearchHosts;

    @Option(names = "--opensearch-index", defaultValue = "paperboy-bench", paramLabel = "ALIAS",
            description = "The alias to build and search. Default: ${DEFAULT-VALUE}.")
    String openSearchAlias;

    @Option(names = "--shards", defaultValue = "1", paramLabel = "N", description = "OpenSearch primary shards. Default: ${DEFAULT-VALUE}.")
    int shards;

    @Option(names = "--replicas", defaultValue = "0", paramLabel = "N", description = "OpenSearch replicas per shard. Default: ${DEFAULT-VALUE}.")
    int replicas;

    @Option(names = "--breakdown", defaultValue = "200", paramLabel = "N",
            description = "On OpenSearch, then time N searches per operation request by request (0: none). Default: ${DEFAULT-VALUE}.")
    int breakdown;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (engine == BenchIndex.Engine.opensearch && (openSearchHosts == null || openSearchHosts.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "--engine opensearch needs --opensearch-hosts");
        }
        Path dir = scratch != null ? scratch : Files.createTempDirectory("paperboy-bench");
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("bench.db"), null, null);
             BenchIndex bench = engine == BenchIndex.Engine.lucene ? BenchIndex.lucene(dir.resolve("index"))
                     : BenchIndex.openSearch(OpenSearchConfig.of(openSearchHosts, openSearchAlias, shards, replicas));
             EmbeddingModel model = realModel ? new BgeSmallEmbeddingModel() : null) {
            Catalog catalog = new Catalog(database);
            if (catalog.count() == 0) {
                new Importer(catalog).importFiles(List.of(corpus), null, new ProgressReporter());
            }
            List<Paper> sample = new ArrayList<>();
            catalog.forEach(p -> {
                if (sample.size() < 20_000) {
                    sample.add(p);
                }
            });
            BenchIndex.Build build = bench.build(database, catalog, vectors, papers != null ? papers : catalog.count());
            System.out.printf("%n%s%n", build == null ? "the index was built before (scratch directory reused)" : build);
            // Measure a settled index: no merges running in the background, as on a server between imports.
            bench.settle(mergeTo);
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("%s; heap used %,d MB%n", bench.describe(), (rt.totalMemory() - rt.freeMemory()) >> 20);
            Search search = new Search(bench.index(), model != null ? model : new SyntheticQueryModel());
            Random random = new Random(42);
            List<String> texts = new ArrayList<>();
            List<PaperId> ids = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                Paper p = sample.get(random.nextInt(sample.size()));
                texts.add(firstWords(p.title(), 6));
                ids.add(p.id());
            }
            warmUp(search, texts, ids);
            System.out.println("resident memory after warm-up: " + residentMemory() + " (this process)");
            System.out.printf("%n| operation | threads | p50 ms | p90 ms | p99 ms | max ms | queries/s |%n|---|---|---|---|---|---|---|%n");
            // The embedded index remembers each paper's similar papers until the index changes (a paper page's next
            // view is free); each pass asks about papers not asked before, to time the search on either engine.
            List<PaperId> unseen = unseenPapers(sample, ids, threads.size() * queries);
            for (int pass = 0; pass < threads.size(); pass++) {
                int t = threads.get(pass);
                for (SearchMode mode : SearchMode.values()) {
                    measure(mode.label(), t, i -> search.search(SearchRequest.of(texts.get(i), mode, 10)));
                }
                int first = pass * queries;
                measure("similar", t, i -> search.similar(unseen.get((first + i) % unseen.size()), 10));
                if (model != null) {
                    measure("query embedding only", t, i -> model.embedQuery(texts.get(i)));
                }
            }
            if (bench.index() instanceof OpenSearchIndex openSearch && breakdown > 0) {
                breakDown(new OpenSearchBreakdown(openSearch, model), search, texts, ids);
            }
            return 0;
        }
    }

    /**
     * Up to {@code n} papers of the sample, each once, none of {@code asked}, in a fixed random order; {@code asked}
     * itself when a tiny corpus has no other.
     */
    private static List<PaperId> unseenPapers(List<Paper> sample, List<PaperId> asked, int n) {
        Set<PaperId> skip = new HashSet<>(asked);
        List<PaperId> others = new ArrayList<>(sample.stream().map(Paper::id).filter(id -> !skip.contains(id)).toList());
        Collections.shuffle(others, new Random(43));
        return others.isEmpty() ? asked : List.copyOf(others.subList(0, Math.min(n, others.size())));
    }

    private void breakDown(OpenSearchBreakdown breakdown, Search search, List<String> texts, List<PaperId> ids) {
        int n = Math.min(this.breakdown, texts.size());
        OpenSearchBreakdown.printHeader(n);
        breakdown.measure("keyword", n, i -> search.search(SearchRequest.of(texts.get(i), SearchMode.KEYWORD, 10)), null);
        breakdown.measure("hybrid", n, i -> search.search(SearchRequest.of(texts.get(i), SearchMode.HYBRID, 10)), texts);
        breakdown.measure("similar", n, i -> search.similar(ids.get(i), 10), null);
    }

    private void warmUp(Search search, List<String> texts, List<PaperId> ids) {
        for (int i = 0; i < Math.min(200, texts.size()); i++) {
            for (SearchMode mode : SearchMode.values()) {
                search.search(SearchRequest.of(texts.get(i), mode, 10));
            }
            search.similar(ids.get(i), 10);
        }
    }

    private void measure(String label, int threadCount, IntConsumer operation) throws Exception {
        long[] nanos = new long[queries];
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threadCount)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                int q = i;
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    operation.accept(q);
                    nanos[q] = System.nanoTime() - t0;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.0f |%n", label, threadCount, ms(nanos, 0.50),
                ms(nanos, 0.90), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6, queries / seconds);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static String firstWords(String text, int n) {
        String[] words = text.split("\\s+");
        return String.join(" ", Arrays.copyOf(words, Math.min(n, words.length)));
    }

    /** The process's resident set (Linux), which counts the memory-mapped index pages it touched, unlike the heap. */
    private static String residentMemory() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "unknown";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.replace("VmRSS:", "").strip()).findFirst().orElse("unknown");
    }
}
