package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.search.StoreLedger;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/** {@code paperboy backup} and {@code paperboy restore} on a real data directory, and Paperboy started on the result. */
class BackupRestoreCommandTest {

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private Paperboy open() {
        return Paperboy.open(Settings.resolve(null, Map.of(),
                Map.of(Key.DATA_DIR, data().toString(), Key.EMBEDDING_PROVIDER, "none")));
    }

    private void addIndexedPapers(int from, int to) {
        try (Paperboy paperboy = open()) {
            paperboy.catalog().upsert(IntStream.range(from, to).mapToObj(TestPapers::synthetic).toList());
            paperboy.indexSync().catchUp(seq -> {});
        }
    }

    private CommandRun run(String command, Path file, String... more) {
        String[] args = new String[3 + more.length + 1];
        args[0] = command;
        args[1] = "--data-dir";
        args[2] = data().toString();
        System.arraycopy(more, 0, args, 3, more.length);
        args[args.length - 1] = file.toString();
        return CommandRun.of(args);
    }

    @Test
    void restoringABackupBringsBackItsPapersAndTheIndexIsRebuiltFromThem() throws Exception {
        addIndexedPapers(0, 30);
        Path backup = dir.resolve("site.backup");
        CommandRun backedUp = run("backup", backup);
        assertThat(backedUp.exitCode()).as(backedUp.err()).isZero();
        assertThat(backedUp.out()).contains("search index is not in the backup");
        addIndexedPapers(30, 45);
        String epochBefore;
        try (Paperboy paperboy = open()) {
            epochBefore = new StoreLedger(paperboy.database()).read().epoch();
        }

        CommandRun restored = run("restore", backup);

        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("kept as").contains("rebuilt");
        try (Paperboy paperboy = open()) {
            String epoch = new StoreLedger(paperboy.database()).read().epoch();
            assertThat(epoch).isNotEqualTo(epochBefore);
            assertThat(paperboy.catalog().count()).isEqualTo(30);
            paperboy.indexSync().catchUp(seq -> {});
            assertThat(paperboy.searchIndex().stats().documents()).isEqualTo(30);
            assertThat(paperboy.searchIndex().storeEpoch()).contains(epoch);
        }
        try (Database old = Database.open("jdbc:sqlite:" + onlyAside(), null, null)) {
            assertThat(new org.paperboy.catalog.Catalog(old).count()).isEqualTo(45);
        }
    }

    private Path onlyAside() throws Exception {
        try (var files = Files.list(data())) {
            return files.filter(f -> f.getFileName().toString().startsWith("paperboy.db.before-restore-"))
                    .filter(f -> !f.toString().endsWith("-wal") && !f.toString().endsWith("-shm"))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void refusesADataDirectoryInUseAndFilesThatAreNotPaperboyStores() throws Exception {
        addIndexedPapers(0, 3);
        Path backup = dir.resolve("site.backup");
        assertThat(run("backup", backup).exitCode()).isZero();
        CommandRun again = run("backup", backup);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists").contains("--force");

        try (Paperboy running = open()) {
            running.searchIndex();
            CommandRun refused = run("restore", backup);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("in use by a running Paperboy");
        }

        try (Database importing = Database.open("jdbc:sqlite:" + data().resolve("paperboy.db"), null, null)) {
            importing.read(c -> c.createStatement().execute("SELECT 1"));
            CommandRun refused = run("restore", backup);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("open in another process");
        }

        Path garbage = Files.writeString(dir.resolve("garbage.backup"), "not a database at all");
        CommandRun notSqlite = run("restore", garbage);
        assertThat(notSqlite.exitCode()).isEqualTo(1);
        assertThat(notSqlite.err()).contains("not an SQLite database");

        Path other = dir.resolve("other.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other); var s = c.createStatement()) {
            s.execute("CREATE TABLE notes (text TEXT)");
        }
        CommandRun notPaperboy = run("restore", other);
        assertThat(notPaperboy.exitCode()).isEqualTo(1);
        assertThat(notPaperboy.err()).contains("not a Paperboy store");

        try (var files = Files.list(data())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.contains("before-restore"))
                    .noneMatch(name -> name.endsWith(".restoring"));
        }
    }

    @Test
    void onPostgresqlPrintsThePgDumpCommandWithoutThePassword() throws Exception {
        Path config = Files.writeString(dir.resolve("paperboy.properties"),
                "database.url=jdbc:postgresql://db.example:5433/site\ndatabase.user=paperboy\ndatabase.password=s3cret\n");

        CommandRun run = CommandRun.of("backup", "--config", config.toString(), dir.resolve("site.dump").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("pg_dump --host=db.example --port=5433 --username=paperboy --dbname=site")
                .contains("pg_restore").doesNotContain("s3cret");
        assertThat(dir.resolve("site.dump")).doesNotExist();
    }
}
