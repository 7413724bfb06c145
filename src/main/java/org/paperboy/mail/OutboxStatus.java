package org.paperboy.mail;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.storage.Database;

/** The outbox at a glance, for the admin page: messages by status, blocked addresses, the latest errors. */
public final class OutboxStatus {

    /** Every status a message can have, in the order a message goes through them. */
    public static final List<String> STATUSES = List.of("due", "sending", "sent", "unconfirmed", "failed", "blocked");
    private static final int RECENT_ERRORS = 10;

    private final Database database;
    private final boolean mailOn;

    public OutboxStatus(Database database, boolean mailOn) {
        this.database = database;
        this.mailOn = mailOn;
    }

    /**
     * @param queuedToday messages queued since midnight (UTC), by status; every status present
     * @param allTime every message, by status
     */
    public record Snapshot(boolean mailOn, Map<String, Long> queuedToday, Map<String, Long> allTime,
                           long blockedAddresses, List<RecentError> recentErrors) {}

    /** The last error of a message; the recipient masked, as {@code a***@example.org}. */
    public record RecentError(Instant at, String recipient, String kind, String status, String error) {}

    public Snapshot read(Instant now) {
        long midnight = now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return new Snapshot(mailOn, countByStatus(midnight), countByStatus(Long.MIN_VALUE),
                new MailAddresses(database).blockedCount(), recentErrors());
    }

    private Map<String, Long> countByStatus(long queuedSince) {
        return database.read(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            STATUSES.forEach(status -> counts.put(status, 0L));
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT status, count(*) FROM outbox WHERE queued_at >= ? GROUP BY status")) {
                s.setLong(1, queuedSince);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    private List<RecentError> recentErrors() {
        return database.read(c -> {
            List<RecentError> errors = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT last_attempt_at, recipient, kind, status, last_error "
                    + "FROM outbox WHERE last_error IS NOT NULL ORDER BY last_attempt_at DESC, outbox_id DESC LIMIT ?")) {
                s.setInt(1, RECENT_ERRORS);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        errors.add(new RecentError(Instant.ofEpochMilli(rs.getLong(1)), masked(rs.getString(2)),
                                rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return errors;
        });
    }

    /** Enough of an address to tell a few apart, not enough to read it off a screen: {@code a***@example.org}. */
    static String masked(String address) {
        int at = address.lastIndexOf('@');
        return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }
}
