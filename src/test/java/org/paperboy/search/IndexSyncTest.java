package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.embed.VectorStore;
import org.paperboy.storage.Database;

/** The index follows a real SQLite catalog, and resumes after a crash from what it committed. */
class IndexSyncTest {

    @TempDir
    Path dir;

    @Test
    void catchesUpAddsAndUpdatesWithoutDuplicates() {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"))) {
            Catalog catalog = new Catalog(database);
            IndexSync sync = new IndexSync(catalog, new StoreLedger(database), IndexSync.VectorSource.NONE, index);
            catalog.upsert(papers(0, 2_500, 1));
            assertThat(sync.pending()).isEqualTo(2_500);
            assertThat(sync.catchUp(seq -> {})).isEqualTo(2_500);
            assertThat(sync.pending()).isZero();

            catalog.upsert(papers(0, 10, 2));
            assertThat(sync.catchUp(seq -> {})).isEqualTo(10);
            assertThat(index.stats().documents()).isEqualTo(2_500);
            assertThat(LuceneSearchIndexTest.ids(index.search(SearchRequest.of("ti:revised", SearchMode.KEYWORD, 50), null)))
                    .hasSize(10);
        }
    }

    @Test
    void aBulkLoadIsMergedIntoOneSegmentAndTheDailyTrickleIsNot() {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"))) {
            Catalog catalog = new Catalog(database);
            IndexSync sync = new IndexSync(catalog, new StoreLedger(database), IndexSync.VectorSource.NONE, index);
            catalog.upsert(papers(0, IndexSync.MERGE_AFTER - IndexSync.BATCH, 1));
            sync.catchUp(seq -> {});
            assertThat(index.segmentCount()).isGreaterThan(1);

            catalog.upsert(papers(IndexSync.MERGE_AFTER, IndexSync.BATCH, 1)); // the rest of the import, later
            sync.catchUp(seq -> {});
            assertThat(index.segmentCount()).isEqualTo(1);

            catalog.upsert(papers(2 * IndexSync.MERGE_AFTER, 10, 1));
            sync.catchUp(seq -> {});
            assertThat(index.segmentCount()).isEqualTo(2);
            assertThat(index.stats().documents()).isEqualTo(IndexSync.MERGE_AFTER + 10);
        }
    }

    @Test
    void storedVectorsAreIndexedWithTheirPapers() {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"))) {
            Catalog catalog = new Catalog(database);
            catalog.upsert(papers(0, 3, 1));
            IndexSync sync = new IndexSync(catalog, new StoreLedger(database),
                    ids -> Map.of(new PaperId("2501.00001"), LuceneSearchIndexTest.axis(7)), index);
            sync.catchUp(seq -> {});
            assertThat(index.stats()).isEqualTo(new SearchIndex.IndexStats(3, 1));
        }
    }

    @Test
    void afterACrashTheIndexResumesFromItsLastCommit() {
        Path indexDir = dir.resolve("index");
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null)) {
            Catalog catalog = new Catalog(database);
            catalog.upsert(papers(0, 1_500, 1));
            try (LuceneSearchIndex index = LuceneSearchIndex.open(indexDir)) {
                // Only the first batch reaches the index before the "crash": nothing after its commit runs.
                assertThatThrownBy(() -> sync(database, index).catchUp(seq -> {
                    throw new IllegalStateException("crash after committing through " + seq);
                })).hasMessageContaining("through 1000");
            }
            catalog.upsert(papers(1_500, 500, 1));
            try (LuceneSearchIndex index = LuceneSearchIndex.open(indexDir)) {
                assertThat(index.appliedSeq()).isEqualTo(1_000);
                assertThat(index.stats().documents()).isEqualTo(1_000);
                assertThat(sync(database, index).catchUp(seq -> {})).as("resumed, not rebuilt").isEqualTo(1_000);
                assertThat(index.stats().documents()).as("every paper once, none missing").isEqualTo(2_000);
                assertThat(index.appliedSeq()).isEqualTo(catalog.lastChangeSeq());
            }
        }
    }

    @Test
    void anIndexFromBeforeStoreEpochsIsRebuiltOnce() {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"))) {
            Catalog catalog = new Catalog(database);
            catalog.upsert(papers(0, 20, 1));
            // As an earlier version left it: documents and a sequence, but no store epoch.
            index.apply(catalog.changesSince(0, 10).stream().map(c -> new IndexedPaper(c.paper(), null)).toList(), 10);
            assertThat(index.storeEpoch()).isEmpty();

            IndexSync sync = sync(database, index);
            assertThat(sync.catchUp(seq -> {})).as("rebuilt").isEqualTo(20);
            assertThat(index.storeEpoch()).contains(new StoreLedger(database).read().epoch());
            catalog.upsert(papers(20, 1, 1));
            assertThat(sync.catchUp(seq -> {})).as("then followed").isEqualTo(1);
        }
    }

    @Test
    void vectorsOfAnotherDimensionAreLeftOffTheirPapersAndReported() {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"))) {
            Catalog catalog = new Catalog(database);
            VectorStore vectors = new VectorStore(database);
            catalog.upsert(papers(0, 2, 1));
            vectors.storeAll(Map.of(new PaperId("2501.00001"), LuceneSearchIndexTest.axis(1)), "small-384");
            new IndexSync(catalog, new StoreLedger(database), ids -> vectors.find(ids, "small-384"), index).catchUp(seq -> {});

            // The embedding model is changed to one of another dimension: its vectors cannot join the index's.
            catalog.upsert(papers(2, 3, 1));
            Map<PaperId, float[]> large = new HashMap<>();
            for (String id : List.of("2501.00002", "2501.00003", "2501.00004")) {
                float[] vector = new float[768];
                vector[0] = 1f;
                large.put(new PaperId(id), vector);
            }
            vectors.storeAll(large, "large-768");
            IndexSync sync = new IndexSync(catalog, new StoreLedger(database), ids -> vectors.find(ids, "large-768"), index);
            sync.catchUp(seq -> {});

            assertThat(index.stats()).as("every paper indexed, the old vector kept").isEqualTo(new SearchIndex.IndexStats(5, 1));
            assertThat(LuceneSearchIndexTest.ids(index.search(SearchRequest.of("ti:number", SearchMode.KEYWORD, 10), null)))
                    .hasSize(5);
            IndexHealth.Status health = sync.health();
            assertThat(health.state()).isEqualTo("ok");
            assertThat(health.refusedPapers()).isEqualTo(3);
            assertThat(health.recentRefusals()).extracting(IndexHealth.Refusal::paper)
                    .containsExactlyInAnyOrder("2501.00002", "2501.00003", "2501.00004");
            assertThat(health.recentRefusals().getFirst().outcome()).isEqualTo("indexed without its vector");
            assertThat(health.recentRefusals().getFirst().reason()).contains("384").contains("768");

            catalog.upsert(papers(5, 1, 1));
            assertThat(sync.catchUp(seq -> {})).as("the follower goes on").isEqualTo(1);
            assertThat(index.appliedSeq()).isEqualTo(catalog.lastChangeSeq());
        }
    }

    @Test
    void aFailingStoreStallsTheIndexVisiblyUntilItWorksAgain() {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"))) {
            Catalog catalog = new Catalog(database);
            catalog.upsert(papers(0, 3, 1));
            IndexSync sync = sync(database, index);
            assertThat(sync.attempt(200)).isEqualTo(200);

            execute(database, "ALTER TABLE search_index_ledger RENAME TO search_index_ledger_away");
            catalog.upsert(papers(3, 2, 1));
            assertThat(sync.attempt(200)).as("backs off").isEqualTo(1_000);
            assertThat(sync.attempt(200)).isEqualTo(2_000);
            IndexHealth.Status stalled = sync.health();
            assertThat(stalled.stalled()).isTrue();
            assertThat(stalled.state()).isEqualTo("stalled");
            assertThat(stalled.failedAttempts()).isEqualTo(2);
            assertThat(stalled.failingSince()).isNotNull();
            assertThat(stalled.lastError()).contains("search_index_ledger");

            execute(database, "ALTER TABLE search_index_ledger_away RENAME TO search_index_ledger");
            assertThat(sync.attempt(200)).isEqualTo(200);
            assertThat(sync.health().state()).isEqualTo("ok");
            assertThat(index.stats().documents()).isEqualTo(5);
        }
    }

    @Test
    void retriesBackOffExponentiallyUpToABound() {
        assertThat(List.of(1, 2, 3, 4, 9, 10, 1_000).stream().map(n -> IndexSync.retryPause(n).toSeconds()).toList())
                .containsExactly(1L, 2L, 4L, 8L, 256L, 300L, 300L);
    }

    @Test
    void rebuildStartsFromNothing() {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null);
             LuceneSearchIndex index = LuceneSearchIndex.open(dir.resolve("index"))) {
            Catalog catalog = new Catalog(database);
            catalog.upsert(papers(0, 50, 1));
            IndexSync sync = new IndexSync(catalog, new StoreLedger(database), IndexSync.VectorSource.NONE, index);
            sync.catchUp(seq -> {});
            List<Long> progress = new ArrayList<>();
            assertThat(sync.rebuild(progress::add)).isEqualTo(50);
            assertThat(progress).containsExactly(50L);
            assertThat(index.stats().documents()).isEqualTo(50);
        }
    }

    private static IndexSync sync(Database database, SearchIndex index) {
        return new IndexSync(new Catalog(database), new StoreLedger(database), IndexSync.VectorSource.NONE, index);
    }

    private static void execute(Database database, String sql) {
        database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        });
    }

    /** Papers 2501.{from+1}… with a title that says which version they are. */
    private static List<Paper> papers(int from, int count, int version) {
        List<Paper> papers = new ArrayList<>();
        for (int i = from + 1; i <= from + count; i++) {
            papers.add(new Paper(new PaperId(String.format("2501.%05d", i)), version,
                    (version > 1 ? "Revised " : "") + "Paper number " + i, "Abstract of paper " + i + ".",
                    List.of("Author " + i), List.of("cs.CL"), null, null, null, null, null, null, null));
        }
        return papers;
    }
}
