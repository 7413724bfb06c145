package org.paperboy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.embed.BgeSmallEmbeddingModel;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.embed.VectorFile;
import org.paperboy.embed.VectorStore;
import org.paperboy.eval.KnownItemQueries;
import org.paperboy.eval.KnownItemQueries.Kind;
import org.paperboy.eval.KnownItemQueries.KnownItem;
import org.paperboy.ingest.Importer;
import org.paperboy.search.IndexSync;
import org.paperboy.search.LuceneSearchIndex;
import org.paperboy.search.Search;
import org.paperboy.search.SearchHit;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.StoreLedger;
import org.paperboy.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Known-item benchmark: can a researcher find the paper (or the person) they paste or type? Queries come from the
 * corpus by {@link KnownItemQueries} with a fixed seed; each is searched in every mode through {@link Search}, as the
 * pages do, and success@1 and MRR@10 are printed per kind of query (docs/search-quality.md).
 */
@Command(name = "bench-known-items", mixinStandardHelpOptions = true, hidden = true,
        description = {"Known-item search benchmark on the demo corpus (see docs/search-quality.md).",
                "Semantic and hybrid modes use the vectors shipped beside the corpus (CORPUS.vectors.gz)."})
final class KnownItemBenchCommand implements Callable<Integer> {

    @Option(names = "--corpus", defaultValue = "demo/arxiv-cs-10k.jsonl.gz", paramLabel = "FILE",
            description = "Papers (any import format). Default: ${DEFAULT-VALUE}.")
    Path corpus;

    @Option(names = "--scratch", paramLabel = "DIR", description = "Where to build the store and index (default: a temp dir).")
    Path scratch;

    @Option(names = "--per-kind", defaultValue = "50", paramLabel = "N", description = "Queries of each kind. Default: ${DEFAULT-VALUE}.")
    int perKind;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the query sample. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--semantic", defaultValue = "true", negatable = true,
            description = "Also measure semantic and hybrid modes (needs the shipped vectors and the model).")
    boolean semantic;

    @Override
    public Integer call() throws Exception {
        Path dir = scratch != null ? scratch : Files.createTempDirectory("paperboy-known-items");
        Path vectors = corpus.resolveSibling(corpus.getFileName().toString().replace(".jsonl.gz", "") + ".vectors.gz");
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("bench.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"));
             EmbeddingModel model = semantic ? new BgeSmallEmbeddingModel() : null) {
            Catalog catalog = new Catalog(database);
            if (catalog.count() == 0) {
                new Importer(catalog).importFiles(List.of(corpus), null, new ProgressReporter());
            }
            VectorStore store = new VectorStore(database);
            if (model != null) {
                VectorFile.importFile(store, vectors, model.name(), model.dimension());
            }
            IndexSync.VectorSource source = model == null ? IndexSync.VectorSource.NONE
                    : ids -> store.find(ids, model.name());
            try (IndexSync sync = new IndexSync(catalog, new StoreLedger(database), source, index)) {
                sync.rebuild(seq -> {});
            }
            List<Paper> papers = new ArrayList<>();
            catalog.forEach(papers::add);
            List<KnownItem> items = KnownItemQueries.generate(papers, seed, perKind);
            Search search = new Search(index, model);
            List<SearchMode> modes = model == null ? List.of(SearchMode.KEYWORD) : List.of(SearchMode.values());
            System.out.printf("%ncorpus %s: %,d papers (%,d with vectors); %d queries, seed %d%n%n", corpus,
                    index.stats().documents(), index.stats().withVector(), items.size(), seed);
            printTable(items, modes, search);
            return 0;
        }
    }

    private static void printTable(List<KnownItem> items, List<SearchMode> modes, Search search) {
        StringBuilder header = new StringBuilder("| query kind | queries |");
        StringBuilder rule = new StringBuilder("|---|---|");
        Map<SearchMode, Map<Kind, double[]>> sums = new EnumMap<>(SearchMode.class);
        for (SearchMode mode : modes) {
            header.append(' ').append(mode.label()).append(" success@1 | ").append(mode.label()).append(" MRR@10 |");
            rule.append("---|---|");
            sums.put(mode, sums(items, mode, search));
        }
        System.out.println(header);
        System.out.println(rule);
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        items.forEach(item -> counts.merge(item.kind(), 1L, Long::sum));
        for (Map.Entry<Kind, Long> kind : counts.entrySet()) {
            StringBuilder row = new StringBuilder("| " + kind.getKey().label + " | " + kind.getValue() + " |");
            for (SearchMode mode : modes) {
                double[] sum = sums.get(mode).get(kind.getKey());
                row.append(String.format(" %.3f | %.3f |", sum[0] / kind.getValue(), sum[1] / kind.getValue()));
            }
            System.out.println(row);
        }
        StringBuilder total = new StringBuilder("| **all** | " + items.size() + " |");
        for (SearchMode mode : modes) {
            double success = sums.get(mode).values().stream().mapToDouble(sum -> sum[0]).sum();
            double reciprocalRanks = sums.get(mode).values().stream().mapToDouble(sum -> sum[1]).sum();
            total.append(String.format(" **%.3f** | **%.3f** |", success / items.size(), reciprocalRanks / items.size()));
        }
        System.out.println(total);
    }

    /** Per kind of query, the sums of success@1 and of reciprocal ranks (in the top 10) under {@code mode}. */
    private static Map<Kind, double[]> sums(List<KnownItem> items, SearchMode mode, Search search) {
        Map<Kind, double[]> sums = new EnumMap<>(Kind.class);
        for (KnownItem item : items) {
            double[] sum = sums.computeIfAbsent(item.kind(), k -> new double[2]);
            List<SearchHit> hits = search.search(SearchRequest.of(item.query(), mode, 10)).hits();
            for (int rank = 0; rank < hits.size(); rank++) {
                if (item.relevant().contains(hits.get(rank).id())) {
                    sum[0] += rank == 0 ? 1 : 0;
                    sum[1] += 1.0 / (rank + 1);
                    break;
                }
            }
        }
        return sums;
    }
}
