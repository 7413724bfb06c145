package org.paperboy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.testing.PostgresServer;

/** {@link Database#changes()}: moves with this node's commits, and soon after another node's on the same PostgreSQL. */
class StoreChangesTest {

    @TempDir
    Path dir;

    @Test
    void aCommitOnAnotherNodeMovesTheCountAndAReadOrARollbackDoesNot() throws Exception {
        String url = PostgresServer.newDatabaseUrl();
        try (Database a = Database.open(url, "postgres", null); Database b = Database.open(url, "postgres", null)) {
            awaitQuiet(a);
            long before = a.changes();
            b.read(c -> c.createStatement().executeQuery("SELECT 1").next());
            b.inTransaction(c -> c.createStatement().executeQuery("SELECT count(*) FROM counters").next());
            try {
                b.inTransaction(c -> {
                    c.createStatement().executeUpdate("INSERT INTO counters (name, value) VALUES ('rolled back', 1)");
                    throw new IllegalStateException("changed my mind");
                });
            } catch (IllegalStateException expected) {
                // rolled back: nothing to announce
            }
            Thread.sleep(StoreChanges.WAIT_MILLIS * 2L);
            assertThat(a.changes()).as("neither a read, a transaction that only read, nor a rollback on B")
                    .isEqualTo(before);

            b.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO counters (name, value) VALUES ('b', 1)"));
            await("A hears of B's commit", () -> a.changes() > before, Duration.ofSeconds(1));
        }
    }

    @Test
    void aListenerThatLosesItsConnectionFlushesAndHearsAgainOnceBack() throws Exception {
        String url = PostgresServer.newDatabaseUrl();
        try (Database a = Database.open(url, "postgres", null); Database b = Database.open(url, "postgres", null)) {
            awaitQuiet(a);
            long before = a.changes();
            b.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")) {
                    return s.executeQuery().next();
                }
            });
            await("A's caches to be flushed", () -> a.changes() > before, Duration.ofSeconds(3));
            awaitQuiet(a);
            long reconnected = a.changes();
            b.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO counters (name, value) VALUES ('b', 1)"));
            await("A hears of B's commit again", () -> a.changes() > reconnected, Duration.ofSeconds(1));
        }
    }

    @Test
    void onSqliteOnlyThisProcesssCommitsCount() {
        try (Database sqlite = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null)) {
            long before = sqlite.changes();
            sqlite.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO counters (name, value) VALUES ('x', 1)"));
            assertThat(sqlite.changes()).isEqualTo(before + 1).isEqualTo(sqlite.commits());
        }
    }

    /** Waits until the listener is connected and the count has stopped moving. */
    private static void awaitQuiet(Database database) throws InterruptedException {
        long last = database.changes();
        for (int still = 0; still < 3; ) {
            Thread.sleep(StoreChanges.WAIT_MILLIS);
            long now = database.changes();
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }

    private static void await(String what, BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound.toMillis() + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }
}
