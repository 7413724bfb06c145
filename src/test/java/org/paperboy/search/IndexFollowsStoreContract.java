package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/**
 * The index follows the store it sits beside as that store is now: pointed at another store, or at an older copy of
 * its own (a restored backup, commits lost in a power cut), it rebuilds rather than skip the sequence numbers it
 * believes it has applied. Checked on each store (one subclass per store), with a real index directory.
 */
abstract class IndexFollowsStoreContract {

    @TempDir
    Path tmp;

    /** The JDBC URL of a new, empty store. */
    abstract String newStore();

    /** Opens (and migrates) the store at {@code url}. */
    abstract Database open(String url);

    /** A copy of the closed store at {@code url} as it is now, as a backup would be; returns the copy's URL. */
    abstract String backupOf(String url);

    @Test
    void papersImportedIntoARestoredBackupBecomeSearchable() {
        String store = newStore();
        catchUp(store, papers("Original", 1, 10));
        String backup = backupOf(store);
        catchUp(store, papers("Lost", 11, 10));

        // The backup is restored, and more papers are imported before the server starts: the store's change
        // counter passes what the index applied, so the sequence numbers alone look fine.
        try (Database restored = open(backup); LuceneSearchIndex index = LuceneSearchIndex.open(indexDir())) {
            Catalog catalog = new Catalog(restored);
            catalog.upsert(papers("Restored", 21, 15));
            assertThat(catalog.lastChangeSeq()).isGreaterThan(index.appliedSeq());
            sync(restored, index).catchUp(seq -> {});

            assertThat(titled("restored", index)).hasSize(15);
            assertThat(titled("original", index)).hasSize(10);
            assertThat(titled("lost", index)).as("papers the restored store does not have").isEmpty();
        }
    }

    @Test
    void aNewEmptyStoreUnderAnOldIndexRebuildsIt() {
        catchUp(newStore(), papers("Original", 1, 10));
        String other = newStore();
        catchUp(other, papers("Other", 101, 3));
        try (LuceneSearchIndex index = LuceneSearchIndex.open(indexDir())) {
            assertThat(titled("other", index)).hasSize(3);
            assertThat(index.stats().documents()).as("nothing of the first store is left").isEqualTo(3);
        }
    }

    @Test
    void anIndexThatFollowsItsStoreIsNotRebuilt() {
        String store = newStore();
        catchUp(store, papers("Original", 1, 10));
        String backup = backupOf(store);
        // The backup holds everything the index applied, so it can go on from there.
        assertThat(catchUp(backup, papers("Later", 11, 2))).isEqualTo(2);
        assertThat(catchUp(backup, papers("Later", 13, 1))).isEqualTo(1);
    }

    /** Imports {@code papers} into the store at {@code url} and brings the index up to date; returns what it applied. */
    private long catchUp(String url, List<Paper> papers) {
        try (Database database = open(url); LuceneSearchIndex index = LuceneSearchIndex.open(indexDir())) {
            new Catalog(database).upsert(papers);
            return sync(database, index).catchUp(seq -> {});
        }
    }

    private static IndexSync sync(Database database, SearchIndex index) {
        return new IndexSync(new Catalog(database), new StoreLedger(database), IndexSync.VectorSource.NONE, index);
    }

    private Path indexDir() {
        return tmp.resolve("index");
    }

    private static List<String> titled(String word, SearchIndex index) {
        return LuceneSearchIndexTest.ids(index.search(SearchRequest.of("ti:" + word, SearchMode.KEYWORD, 100), null));
    }

    /** {@code count} papers 2501.{first}… whose titles start with {@code word}. */
    static List<Paper> papers(String word, int first, int count) {
        List<Paper> papers = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            papers.add(new Paper(new PaperId(String.format("2501.%05d", i)), 1, word + " paper number " + i,
                    "Abstract of paper " + i + ".", List.of("Author " + i), List.of("cs.CL"), null, null, null, null,
                    null, null, null));
        }
        return papers;
    }
}
