package org.paperboy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.embed.VectorFile;
import org.paperboy.embed.VectorStore;
import org.paperboy.search.IndexSync;
import org.paperboy.search.IndexedPaper;
import org.paperboy.search.LuceneSearchIndex;
import org.paperboy.search.SearchIndex;
import org.paperboy.search.StoreLedger;
import org.paperboy.search.opensearch.OpenSearchConfig;
import org.paperboy.search.opensearch.OpenSearchIndex;
import org.paperboy.storage.Database;

/**
 * The index {@code bench-search} measures, on either engine, built the way a server builds it (the catalog followed
 * into {@link SearchIndex#apply} by {@link IndexSync}, merged after the bulk load), with the build timed.
 */
final class BenchIndex implements AutoCloseable {

    enum Engine { lucene, opensearch }

    /** How long building took: in all, and the part after the last batch (merging, refreshing). */
    record Build(long papers, double seconds, double finishSeconds) {
        @Override
        public String toString() {
            return String.format("indexed %,d papers in %.1f s (%,.0f papers/s), of which %.1f s after the last batch "
                    + "(merge, refresh)", papers, seconds, papers / seconds, finishSeconds);
        }
    }

    private final SearchIndex index;
    /** The embedded index's directory; null on OpenSearch. */
    private final Path luceneDirectory;

    private BenchIndex(SearchIndex index, Path luceneDirectory) {
        this.index = index;
        this.luceneDirectory = luceneDirectory;
    }

    static BenchIndex lucene(Path directory) {
        return new BenchIndex(LuceneSearchIndex.open(directory), directory);
    }

    static BenchIndex openSearch(OpenSearchConfig config) {
        return new BenchIndex(OpenSearchIndex.open(config), null);
    }

    SearchIndex index() {
        return index;
    }

    /**
     * Indexes the catalog's papers with their vectors from {@code vectors} (a vector file), or else synthetic ones;
     * repeated under new ids up to {@code target} when the corpus is smaller (synthetic scale, batches applied
     * directly). Returns null when the index already holds them (a scratch directory reused).
     */
    Build build(Database database, Catalog catalog, Path vectors, long target) throws IOException {
        if (index.stats().documents() >= target) {
            return null;
        }
        IndexSync.VectorSource source;
        if (vectors != null) {
            VectorStore store = new VectorStore(database);
            VectorFile.Header header = VectorFile.readHeader(vectors);
            VectorFile.importFile(store, vectors, header.model(), header.dimension());
            source = ids -> store.find(ids, header.model());
        } else {
            Map<PaperId, String> titles = new HashMap<>();
            catalog.forEach(p -> titles.put(p.id(), p.title()));
            source = ids -> {
                Map<PaperId, float[]> found = new HashMap<>();
                ids.forEach(id -> found.put(id, SyntheticQueryModel.vectorFor(titles.get(id) + 0)));
                return found;
            };
        }
        long start = System.nanoTime();
        long[] lastBatch = {start};
        long papers;
        if (target <= catalog.count()) {
            try (ProgressBar bar = progress(catalog.count());
                 IndexSync sync = new IndexSync(catalog, new StoreLedger(database), source, index)) {
                papers = sync.catchUp(seq -> {
                    lastBatch[0] = System.nanoTime();
                    bar.stepTo(Math.min(seq, catalog.count()));
                });
            }
        } else {
            papers = repeated(catalog, target, lastBatch);
        }
        long end = System.nanoTime();
        return new Build(papers, (end - start) / 1e9, (end - lastBatch[0]) / 1e9);
    }

    /** The catalog's papers repeated under new ids up to {@code target}, with synthetic vectors, then merged. */
    private long repeated(Catalog catalog, long target, long[] lastBatch) {
        List<IndexedPaper> batch = new ArrayList<>();
        long[] made = {0};
        try (ProgressBar bar = progress(target)) {
            while (made[0] < target) {
                long round = made[0] / Math.max(1, catalog.count());
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
        lastBatch[0] = System.nanoTime();
        index.forceMerge(1);
        return made[0];
    }

    private static ProgressBar progress(long max) {
        return new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(max).setStyle(ProgressBarStyle.ASCII).build();
    }

    /** Merges the embedded index down to {@code segments} (a settled index); OpenSearch's was merged when built. */
    void settle(int segments) {
        if (index instanceof LuceneSearchIndex lucene && lucene.segmentCount() > segments) {
            lucene.forceMerge(segments);
        }
    }

    /** Documents, vectors, and for the embedded index its segments and size on disk. */
    String describe() throws IOException {
        SearchIndex.IndexStats stats = index.stats();
        String text = String.format("%s: %,d papers, %,d with vectors",
                index instanceof LuceneSearchIndex ? "embedded Lucene index" : index, stats.documents(), stats.withVector());
        if (index instanceof LuceneSearchIndex lucene) {
            text += String.format(", %d segment(s), %,d MB on disk", lucene.segmentCount(), directorySize(luceneDirectory) >> 20);
        }
        return text;
    }

    private static long directorySize(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
