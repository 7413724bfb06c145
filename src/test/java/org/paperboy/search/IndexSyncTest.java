package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
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
                // Only the first batch reaches the index before the "crash": the writer closes without committing more.
                index.apply(catalog.changesSince(0, 1_000).stream().map(c -> new IndexedPaper(c.paper(), null)).toList(), 1_000);
            }
            catalog.upsert(papers(1_500, 500, 1));
            try (LuceneSearchIndex index = LuceneSearchIndex.open(indexDir)) {
                assertThat(index.appliedSeq()).isEqualTo(1_000);
                assertThat(index.stats().documents()).isEqualTo(1_000);
                new IndexSync(catalog, new StoreLedger(database), IndexSync.VectorSource.NONE, index).catchUp(seq -> {});
                assertThat(index.stats().documents()).as("every paper once, none missing").isEqualTo(2_000);
                assertThat(index.appliedSeq()).isEqualTo(catalog.lastChangeSeq());
            }
        }
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
