package org.paperboy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.testing.PostgresServer;

/** The cluster lock: one holder among the nodes of a store; another takes it when the holder closes or loses its session. */
class ClusterLockTest {

    @TempDir
    Path dir;

    @Test
    void onPostgresOneNodeHoldsAndAnotherTakesOverWhenItCloses() {
        String url = PostgresServer.newDatabaseUrl();
        try (Database a = Database.open(url, "postgres", null); Database b = Database.open(url, "postgres", null)) {
            oneHolderThenTakeOver(a, b);
        }
    }

    @Test
    void onSqliteTwoInstancesOfOneStoreTakeTurnsInThisProcess() {
        String url = "jdbc:sqlite:" + dir.resolve("paperboy.db");
        try (Database a = Database.open(url, null, null); Database b = Database.open(url, null, null)) {
            oneHolderThenTakeOver(a, b);
        }
    }

    private static void oneHolderThenTakeOver(Database a, Database b) {
        try (ClusterLock first = ClusterLock.of(a, "job"); ClusterLock second = ClusterLock.of(b, "job");
             ClusterLock otherName = ClusterLock.of(b, "other job")) {
            assertThat(first.tryHold()).isTrue();
            assertThat(first.tryHold()).as("held again by its holder").isTrue();
            assertThat(second.tryHold()).as("held by the other node").isFalse();
            assertThat(otherName.tryHold()).as("another name is another lock").isTrue();

            first.close();
            assertThat(first.tryHold()).as("a closed lock is never held").isFalse();
            assertThat(second.tryHold()).as("taken over once released").isTrue();
        }
    }

    @Test
    void aHolderWhoseSessionDiesStopsHoldingAndAnotherNodeTakesOver() throws Exception {
        String url = PostgresServer.newDatabaseUrl();
        try (Database a = Database.open(url, "postgres", null); Database b = Database.open(url, "postgres", null);
             ClusterLock first = ClusterLock.of(a, "job"); ClusterLock second = ClusterLock.of(b, "job")) {
            assertThat(first.tryHold()).isTrue();
            // The holder's session ends as if its network had gone: the server releases the lock.
            b.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_locks "
                        + "WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()")) {
                    return s.executeQuery().next();
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!second.tryHold() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(second.held()).as("the other node took the lock").isTrue();

            Thread.sleep(ClusterLock.CHECK_MILLIS + 100);
            assertThat(first.tryHold()).as("the old holder noticed its session is gone").isFalse();
            assertThat(second.tryHold()).isTrue();
        }
    }
}
