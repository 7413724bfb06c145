package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.embed.VectorStore;
import org.paperboy.testing.PopulatedSite;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.TableRows;
import org.paperboy.testing.TestPapers;

/**
 * A {@code paperboy migrate} process killed with SIGKILL in the middle of its copy leaves the target as it was (here:
 * an earlier copy of the store), and the next run completes.
 */
class MigrateKillTest {

    private static final int MORE_PAPERS = 20_000;

    @TempDir
    Path dir;

    @Test
    void aMigrationKilledMidCopyLeavesTheTargetAsItWas() throws Exception {
        Settings settings = Settings.resolve(null, Map.of(), Map.of(Key.DATA_DIR, dir.resolve("data").toString(),
                Key.EMBEDDING_PROVIDER, "none", Key.ARXIV_HARVEST, "false"));
        try (Paperboy paperboy = Paperboy.open(settings)) {
            PopulatedSite.populate(paperboy);
        }
        String target = PostgresServer.newDatabaseUrl();
        CommandRun first = CommandRun.of("migrate", "--data-dir", dir.resolve("data").toString(), "--to", target, "--user", "postgres");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Map<String, List<String>> firstCopy = targetRows(target, Set.of());
        // Enough rows that the copy takes a while: the kill lands while its transaction is inserting.
        try (Paperboy paperboy = Paperboy.open(settings)) {
            List<Paper> papers = IntStream.range(0, MORE_PAPERS).mapToObj(TestPapers::synthetic).toList();
            paperboy.catalog().upsert(papers);
            Map<PaperId, float[]> vectors = new HashMap<>();
            papers.forEach(p -> vectors.put(p.id(), vector(p.id().toString().hashCode())));
            new VectorStore(paperboy.database()).storeAll(vectors, "test-model");
        }

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "org.paperboy.cli.PaperboyCommand", "migrate", "--data-dir", dir.resolve("data").toString(), "--to", target,
                "--user", "postgres")
                .redirectErrorStream(true).redirectOutput(dir.resolve("migrate.log").toFile()).start();
        try (Connection watcher = DriverManager.getConnection(target, "postgres", null)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!inserting(watcher) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(process.isAlive()).as("the migration was still running when its inserts began: "
                    + Files.readString(dir.resolve("migrate.log"))).isTrue();
            process.destroyForcibly().waitFor();
            while (othersConnected(watcher) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        assertThat(targetRows(target, Set.of())).isEqualTo(firstCopy);

        CommandRun again = CommandRun.of("migrate", "--data-dir", dir.resolve("data").toString(), "--to", target, "--user", "postgres");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).containsPattern("(?m)^papers +20,006 +20,006 +same$");
        assertThat(targetRows(target, MigrateCommandTest.ADJUSTED)).isEqualTo(sqliteRows(MigrateCommandTest.ADJUSTED));
    }

    private static float[] vector(int seed) {
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.cos(seed + i);
        }
        return v;
    }

    /** Whether another connection's transaction has begun inserting the copy. */
    private static boolean inserting(Connection watcher) throws SQLException {
        try (PreparedStatement s = watcher.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                + "current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND query LIKE 'INSERT INTO%'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /** Whether the killed process's connections are still there (PostgreSQL ends them, rolling back, when it notices). */
    private static boolean othersConnected(Connection watcher) throws SQLException {
        try (PreparedStatement s = watcher.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                + "current_database() AND pid <> pg_backend_pid()");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private Map<String, List<String>> sqliteRows(Set<String> ignored) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/paperboy.db"))) {
            return TableRows.dump(c, TableRows.sqliteTables(c), ignored);
        }
    }

    private Map<String, List<String>> targetRows(String target, Set<String> ignored) throws SQLException {
        List<String> tables;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/paperboy.db"))) {
            tables = TableRows.sqliteTables(c);
        }
        try (Connection c = DriverManager.getConnection(target, "postgres", null)) {
            return TableRows.dump(c, tables, ignored);
        }
    }
}
