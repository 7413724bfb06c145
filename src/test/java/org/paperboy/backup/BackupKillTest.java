package org.paperboy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.storage.Database;

/** A {@code paperboy backup} process killed with SIGKILL halfway leaves no backup file, only a partial one the next run replaces. */
class BackupKillTest {

    @TempDir
    Path dir;

    @Test
    void aBackupKilledHalfwayLeavesNoBackupFile() throws Exception {
        Path store = dir.resolve("data/paperboy.db");
        Database.open("jdbc:sqlite:" + store, null, null).close();
        // Large enough that copying it takes a while: the kill lands while the partial file is being written.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE filler (b BLOB)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
                    + "INSERT INTO filler SELECT randomblob(1048576) FROM n");
        }
        Path backup = dir.resolve("site.backup");
        Path partial = dir.resolve("site.backup.partial");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "org.paperboy.cli.PaperboyCommand", "backup", "--data-dir", store.getParent().toString(), backup.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("backup.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(partial) && Files.size(partial) > 0) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(process.isAlive()).as("the backup was still running when the partial file appeared").isTrue();
        process.destroyForcibly().waitFor();

        assertThat(backup).doesNotExist();

        StoreBackup.write(store, backup, false, bytes -> {});
        assertThat(partial).doesNotExist();
        StoreRestore.verify(backup);
    }
}
