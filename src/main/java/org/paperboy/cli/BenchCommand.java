package org.paperboy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.embed.BgeSmallEmbeddingModel;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.embed.VectorFile;
import org.paperboy.embed.VectorStore;
import org.paperboy.search.IndexSync;
import org.paperboy.ingest.Importer;
import org.paperboy.search.IndexedPaper;
import org.paperboy.search.LuceneSearchIndex;
import org.paperboy.search.Search;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.StoreLedger;
import org.paperboy.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Search latency benchmark: builds an index of a corpus in a scratch directory and prints latency percentiles per
 * mode, single-threaded and under concurrency. Queries are the first words of titles of papers drawn at random, so
 * they are topical and each one different (no cache helps).
 */
@Command(name = "bench-search", mixinStandardHelpOptions = true, hidden = true,
        description = {"Search latency benchmark (see docs/benchmarks.md).",
                "Vectors: real ones from --vectors (a file written by 'paperboy embed --export'), else synthetic unit vectors."})
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

    @Override
    public Integer call() throws Exception {
        Path dir = scratch != null ? scratch : Files.createTempDirectory("paperboy-bench");
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("bench.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"));
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
            int target = papers != null ? papers : (int) catalog.count();
            if (index.stats().documents() < target) {
                if (vectors != null) {
                    VectorStore store = new VectorStore(database);
                    VectorFile.Header header = VectorFile.readHeader(vectors);
                    VectorFile.importFile(store, vectors, header.model(), header.dimension());
                    new IndexSync(catalog, new StoreLedger(database), ids -> store.find(ids, header.model()), index).catchUp(seq -> {});
                } else {
                    buildIndex(catalog, index, target);
                }
            }
            // Measure a settled index: no merges running in the background, as on a server between imports.
            if (index.segmentCount() > mergeTo) {
                index.forceMerge(mergeTo);
            }
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("%nindex: %,d papers, %,d with vectors, %d segment(s); heap used %,d MB; index on disk %,d MB%n",
                    index.stats().documents(), index.stats().withVector(), index.segmentCount(),
                    (rt.totalMemory() - rt.freeMemory()) >> 20, directorySize(dir.resolve("index")) >> 20);
            Search search = new Search(index, model != null ? model : new SyntheticQueryModel());
            Random random = new Random(42);
            List<String> texts = new ArrayList<>();
            List<PaperId> ids = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                Paper p = sample.get(random.nextInt(sample.size()));
                texts.add(firstWords(p.title(), 6));
                ids.add(p.id());
            }
            warmUp(search, texts, ids);
            System.out.println("resident memory after warm-up: " + residentMemory());
            System.out.printf("%n| operation | threads | p50 ms | p90 ms | p99 ms | max ms | queries/s |%n|---|---|---|---|---|---|---|%n");
            for (int t : threads) {
                for (SearchMode mode : SearchMode.values()) {
                    measure(mode.label(), t, i -> search.search(SearchRequest.of(texts.get(i), mode, 10)));
                }
                measure("similar", t, i -> search.similar(ids.get(i), 10));
                if (model != null) {
                    measure("query embedding only", t, i -> model.embedQuery(texts.get(i)));
                }
            }
            return 0;
        }
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

    /** Indexes the catalog's papers (repeated under new ids up to {@code target}) with synthetic vectors. */
    private static void buildIndex(Catalog catalog, LuceneSearchIndex index, int target) {
        List<IndexedPaper> batch = new ArrayList<>();
        int[] made = {0};
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(target)
                .setStyle(ProgressBarStyle.ASCII).build()) {
            while (made[0] < target) {
                int round = made[0] / (int) Math.max(1, catalog.count());
                catalog.forEach(p -> {
                    if (made[0] >= target) {
                        return;
                    }
                    Paper copy = round == 0 ? p : new Paper(new PaperId("bench:" + round + "-" + p.id().value().replace('/', '-')),
                            p.version(), p.title(), p.abstractText(), p.authors(), p.categories(), null, null, null,
                            null, p.submittedAt(), p.updatedAt(), p.announced());
                    batch.add(new IndexedPaper(copy, SyntheticQueryModel.vectorFor(copy.title() + round)));
                    made[0]++;
                    if (batch.size() == 5_000) {
                        index.apply(List.copyOf(batch), made[0]);
                        batch.clear();
                        bar.stepTo(made[0]);
                    }
                });
            }
            index.apply(List.copyOf(batch), made[0]);
            bar.stepTo(made[0]);
        }
    }

    private static String firstWords(String text, int n) {
        String[] words = text.split("\\s+");
        return String.join(" ", Arrays.copyOf(words, Math.min(n, words.length)));
    }

    private static long directorySize(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
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

    /**
     * Deterministic pseudo-random unit vectors from text: the same text always gets the same vector. Used for corpora
     * too large to embed on a CPU in a benchmark run; HNSW finds no structure in them, so latency is, if anything,
     * pessimistic.
     */
    static final class SyntheticQueryModel implements EmbeddingModel {
        static float[] vectorFor(String text) {
            Random random = new Random(text.hashCode());
            float[] v = new float[BgeSmallEmbeddingModel.DIMENSION];
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
                norm += v[i] * v[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
            return v;
        }

        public String name() {
            return "synthetic";
        }

        public int dimension() {
            return BgeSmallEmbeddingModel.DIMENSION;
        }

        public float[] embedDocument(String text) {
            return vectorFor(text);
        }

        public float[] embedQuery(String query) {
            return vectorFor(query);
        }

        public void close() {}
    }
}
