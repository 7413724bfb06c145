package org.paperboy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/** {@link StoreBackup} on a real SQLite store that another thread keeps writing to. */
class StoreBackupTest {

    @TempDir
    Path dir;

    @Test
    void aBackupTakenWhileAnotherThreadWritesHoldsEveryPaperCommittedBeforeItAndIsIntact() throws Exception {
        Path store = dir.resolve("paperboy.db");
        Path backup = dir.resolve("site.backup");
        AtomicInteger committed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> progress = new ArrayList<>();
        int committedBefore;
        int committedAfter;
        try (Database database = Database.open("jdbc:sqlite:" + store, null, null)) {
            Catalog catalog = new Catalog(database);
            catalog.upsert(IntStream.range(0, 5_000).mapToObj(TestPapers::synthetic).toList());
            committed.set(5_000);
            Thread writer = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    int n = committed.get();
                    catalog.upsert(List.of(TestPapers.synthetic(n)));
                    committed.set(n + 1);
                }
            });
            while (committed.get() < 5_050) {
                Thread.onSpinWait();
            }
            committedBefore = committed.get();
            StoreBackup.write(store, backup, false, progress::add);
            committedAfter = committed.get();
            stop.set(true);
            writer.join();
        }

        assertThat(committedAfter).as("the writer went on during the backup").isGreaterThan(committedBefore);
        assertThat(backup).exists();
        assertThat(dir.resolve("site.backup.partial")).doesNotExist();
        StoreRestore.verify(backup);
        Path copy = Files.copy(backup, dir.resolve("check.db"));
        try (Database restored = Database.open("jdbc:sqlite:" + copy, null, null)) {
            Catalog catalog = new Catalog(restored);
            for (int n = 0; n < committedBefore; n++) {
                Paper paper = TestPapers.synthetic(n);
                assertThat(catalog.find(paper.id())).as("paper %d", n).isPresent();
            }
            assertThat(catalog.count()).isBetween((long) committedBefore, (long) committedAfter + 1);
        }
    }

    @Test
    void refusesAnExistingFileUnlessForcedAndAMissingDirectory() throws Exception {
        Path store = dir.resolve("paperboy.db");
        Database.open("jdbc:sqlite:" + store, null, null).close();
        Path existing = Files.writeString(dir.resolve("taken"), "keep me");

        assertThatThrownBy(() -> StoreBackup.write(store, existing, false, bytes -> {}))
                .isInstanceOf(BackupException.class).hasMessageContaining("already exists").hasMessageContaining("--force");
        assertThat(existing).hasContent("keep me");
        assertThatThrownBy(() -> StoreBackup.write(store, dir.resolve("nowhere/site.backup"), false, bytes -> {}))
                .isInstanceOf(BackupException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> StoreBackup.write(dir.resolve("missing.db"), dir.resolve("b"), false, bytes -> {}))
                .isInstanceOf(BackupException.class).hasMessageContaining("no SQLite store");

        StoreBackup.write(store, existing, true, bytes -> {});
        StoreRestore.verify(existing);
    }

    @Test
    void aPartialFileLeftByAKilledBackupIsReplacedAndNeverTakenForTheBackup() throws Exception {
        Path store = dir.resolve("paperboy.db");
        Database.open("jdbc:sqlite:" + store, null, null).close();
        Path backup = dir.resolve("site.backup");
        Files.writeString(dir.resolve("site.backup.partial"), "half a copy");

        StoreBackup.write(store, backup, false, bytes -> {});

        assertThat(dir.resolve("site.backup.partial")).doesNotExist();
        StoreRestore.verify(backup);
    }
}
