package org.paperboy.ingest.arxiv;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import org.paperboy.storage.Database;

/**
 * Whose turn it is to ask arXiv. arXiv's rule (one request every three seconds) binds a site as a whole, so every
 * Paperboy process on the store takes its turn from one row: a single statement moves the row's next free slot on by
 * the interval and hands the caller the slot it passed, so two processes never get the same one.
 */
final class RequestClock {

    private final Database database;
    private final Duration interval;
    private final Clock clock;

    RequestClock(Database database, Duration interval, Clock clock) {
        this.database = database;
        this.interval = interval;
        this.clock = clock;
    }

    /** Sleeps until this caller's turn; returns how long it slept. */
    Duration awaitTurn() throws InterruptedException {
        if (interval.isZero()) {
            return Duration.ZERO;
        }
        long now = clock.millis();
        long wait = Math.max(0, reserveSlot(now) - now);
        Thread.sleep(wait);
        return Duration.ofMillis(wait);
    }

    private long reserveSlot(long now) {
        String later = database.dialect() == Database.Dialect.POSTGRESQL ? "GREATEST" : "MAX";
        String sql = "UPDATE arxiv_request_clock SET next_request_at = " + later + "(next_request_at, ?) + ? "
                + "WHERE name = 'arxiv' RETURNING next_request_at";
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, now);
                s.setLong(2, interval.toMillis());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) - interval.toMillis();
                }
            }
        });
    }
}
