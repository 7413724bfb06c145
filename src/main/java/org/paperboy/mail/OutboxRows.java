package org.paperboy.mail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.storage.Database;

/**
 * The writes of a delivery run to table {@code outbox}. Every write to a claimed row is conditional on the claim
 * ({@code claimed_by}, status 'sending'): a run whose claim was taken over by another changes nothing.
 */
final class OutboxRows {

    /** A claimed row, ready to send. */
    record Claimed(long id, String recipient, MailMessage message, long queuedAt, int attempts) {}

    /** What one claim found: rows to send, and rows a dead run left mid-send that became 'unconfirmed'. */
    record Claim(List<Claimed> rows, int unconfirmed) {}

    private static final String DUE = "(status = 'due' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until < ?)";

    private final Database database;
    private final String claimant;

    OutboxRows(Database database, String claimant) {
        this.database = database;
        this.claimant = claimant;
    }

    /**
     * Claims up to {@code limit} due rows until {@code claimedUntil}. A row whose claim expired after its data was
     * written is not claimed: it becomes 'unconfirmed' (see {@link OutboxDelivery}).
     */
    Claim claim(long now, long claimedUntil, int limit) {
        return database.inTransaction(c -> {
            List<long[]> candidates = new ArrayList<>();
            String lock = database.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
            try (PreparedStatement s = c.prepareStatement("SELECT outbox_id, status, claimed_until, data_written_at "
                    + "FROM outbox WHERE " + DUE + " ORDER BY next_attempt_at, outbox_id LIMIT ?" + lock)) {
                s.setLong(1, now);
                s.setLong(2, now);
                s.setInt(3, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        boolean sending = rs.getString(2).equals("sending");
                        rs.getLong(4);
                        boolean dataWritten = !rs.wasNull();
                        candidates.add(new long[] {rs.getLong(1), sending ? rs.getLong(3) : -1, dataWritten ? 1 : 0});
                    }
                }
            }
            List<Long> claimed = new ArrayList<>();
            int unconfirmed = 0;
            for (long[] candidate : candidates) {
                if (candidate[2] == 1) {
                    unconfirmed += unconfirm(c, candidate[0], candidate[1], now);
                } else if (take(c, candidate[0], candidate[1], now, claimedUntil)) {
                    claimed.add(candidate[0]);
                }
            }
            return new Claim(read(c, claimed), unconfirmed);
        });
    }

    /** The conditional update: the row is taken only if no other run changed it since it was read. */
    private boolean take(Connection c, long id, long expiredClaim, long now, long claimedUntil) throws SQLException {
        boolean due = expiredClaim == -1;
        try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'sending', claimed_by = ?, "
                + "claimed_until = ?, data_written_at = NULL WHERE outbox_id = ? AND " + (due
                        ? "status = 'due' AND next_attempt_at <= ?"
                        : "status = 'sending' AND claimed_until = ? AND data_written_at IS NULL"))) {
            s.setString(1, claimant);
            s.setLong(2, claimedUntil);
            s.setLong(3, id);
            s.setLong(4, due ? now : expiredClaim);
            return s.executeUpdate() == 1;
        }
    }

    private int unconfirm(Connection c, long id, long expiredClaim, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'unconfirmed', claimed_by = NULL, "
                + "claimed_until = NULL, sent_at = data_written_at, last_attempt_at = ?, last_error = ? "
                + "WHERE outbox_id = ? AND status = 'sending' AND claimed_until = ? AND data_written_at IS NOT NULL")) {
            s.setLong(1, now);
            s.setString(2, "the sender stopped after writing the message, before the server's answer: taken as sent");
            s.setLong(3, id);
            s.setLong(4, expiredClaim);
            return s.executeUpdate();
        }
    }

    private static List<Claimed> read(Connection c, List<Long> ids) throws SQLException {
        List<Claimed> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT recipient, message_id, subject, text_body, html_body, "
                + "headers, queued_at, attempts FROM outbox WHERE outbox_id = ?")) {
            for (long id : ids) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    MailMessage message = new MailMessage(rs.getString(1), rs.getString(3), rs.getString(4),
                            rs.getString(5), Outbox.parseHeaderLines(rs.getString(6)), rs.getString(2));
                    rows.add(new Claimed(id, rs.getString(1), message, rs.getLong(7), rs.getInt(8)));
                }
            }
        }
        return rows;
    }

    /** Extends this run's claim on a row it is about to send; false when the row is no longer this run's. */
    boolean renew(long id, long claimedUntil) {
        return update("claimed_until = ?", id, claimedUntil) == 1;
    }

    /** The marker: the message is written and its end of data is next. False when the row is no longer this run's. */
    boolean dataWritten(long id, long now) {
        return update("data_written_at = ?", id, now) == 1;
    }

    /** Sent and accepted. Also over 'unconfirmed', which another run may have made of a slow send of this one's. */
    void sent(Connection c, long id, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'sent', sent_at = ?, "
                + "last_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE outbox_id = ? "
                + "AND ((status = 'sending' AND claimed_by = ?) OR status = 'unconfirmed')")) {
            s.setLong(1, now);
            s.setLong(2, now);
            s.setLong(3, id);
            s.setString(4, claimant);
            s.executeUpdate();
        }
    }

    /** Ends this run's claim with {@code status} ('failed', 'blocked', 'unconfirmed'), recording why. */
    void end(Connection c, long id, String status, String error, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = ?, last_error = ?, "
                + "last_attempt_at = ?, sent_at = " + (status.equals("unconfirmed") ? "data_written_at" : "NULL")
                + ", claimed_by = NULL, claimed_until = NULL WHERE outbox_id = ? AND status = 'sending' AND claimed_by = ?")) {
            s.setString(1, status);
            s.setString(2, error);
            s.setLong(3, now);
            s.setLong(4, id);
            s.setString(5, claimant);
            s.executeUpdate();
        }
    }

    /** Due again at {@code nextAttemptAt} after a failed attempt, counted, and why it failed. */
    void retryLater(long id, long nextAttemptAt, String error, long now) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'due', next_attempt_at = ?, "
                    + "attempts = attempts + 1, last_error = ?, last_attempt_at = ?, claimed_by = NULL, "
                    + "claimed_until = NULL, data_written_at = NULL "
                    + "WHERE outbox_id = ? AND status = 'sending' AND claimed_by = ?")) {
                s.setLong(1, nextAttemptAt);
                s.setString(2, error);
                s.setLong(3, now);
                s.setLong(4, id);
                s.setString(5, claimant);
                return s.executeUpdate();
            }
        });
    }

    /** Gives back a row the sender could not try, its own settings refused: due as before, uncounted, and why. */
    void untried(long id, String error, long now) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'due', last_error = ?, "
                    + "last_attempt_at = ?, claimed_by = NULL, claimed_until = NULL, data_written_at = NULL "
                    + "WHERE outbox_id = ? AND status = 'sending' AND claimed_by = ?")) {
                s.setString(1, error);
                s.setLong(2, now);
                s.setLong(3, id);
                s.setString(4, claimant);
                return s.executeUpdate();
            }
        });
    }

    /** Gives back this run's claims on rows it has not tried (the run stops): due as before. */
    void release(List<Long> ids) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'due', claimed_by = NULL, "
                    + "claimed_until = NULL, data_written_at = NULL "
                    + "WHERE outbox_id = ? AND status = 'sending' AND claimed_by = ?")) {
                for (long id : ids) {
                    s.setLong(1, id);
                    s.setString(2, claimant);
                    s.executeUpdate();
                }
                return null;
            }
        });
    }

    private int update(String set, long id, long value) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET " + set
                    + " WHERE outbox_id = ? AND status = 'sending' AND claimed_by = ?")) {
                s.setLong(1, value);
                s.setLong(2, id);
                s.setString(3, claimant);
                return s.executeUpdate();
            }
        });
    }
}
