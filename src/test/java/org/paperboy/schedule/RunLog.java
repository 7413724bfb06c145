package org.paperboy.schedule;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.paperboy.storage.Database;

/**
 * What test jobs did, in a table of the store they are scheduled on, so that several schedulers (and processes) write
 * to one log: a row per event ("started", "finished") with the node and the time.
 */
final class RunLog {

    private final Database database;

    RunLog(Database database) {
        this.database = database;
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS job_runs (job TEXT NOT NULL, node TEXT NOT NULL, "
                        + "event TEXT NOT NULL, at_micros BIGINT NOT NULL)");
            }
            return null;
        });
    }

    void record(String job, String node, String event) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO job_runs VALUES (?, ?, ?, ?)")) {
                s.setString(1, job);
                s.setString(2, node);
                s.setString(3, event);
                s.setLong(4, ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
                s.executeUpdate();
            }
            return null;
        });
    }

    int count(String job, String event) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM job_runs WHERE job = ? AND event = ?")) {
                s.setString(1, job);
                s.setString(2, event);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    List<String> nodes(String job, String event) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT node FROM job_runs WHERE job = ? AND event = ? ORDER BY at_micros")) {
                s.setString(1, job);
                s.setString(2, event);
                List<String> nodes = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        nodes.add(rs.getString(1));
                    }
                }
                return nodes;
            }
        });
    }

    /** Waits up to {@code limit} for {@code condition}; fails the test with {@code what} if it never holds. */
    static void await(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
