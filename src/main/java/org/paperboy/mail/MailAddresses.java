package org.paperboy.mail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.paperboy.storage.Database;

/**
 * Addresses whose mail servers refused Paperboy's mail for good (table {@code mail_addresses}). After
 * {@value #BLOCK_AFTER} permanent failures in a row an address is blocked: its later mail is not sent. A message the
 * address accepts clears its count, so that old, scattered failures (a full mailbox, a server misconfigured for a day)
 * never add up to a block; a block stays, since nothing is sent to a blocked address to prove it works again.
 */
public final class MailAddresses {

    static final int BLOCK_AFTER = 3;

    private final Database database;

    public MailAddresses(Database database) {
        this.database = database;
    }

    /** Whether mail to {@code address} is no longer sent (in any case, with surrounding blanks). */
    public boolean isBlocked(String address) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM mail_addresses WHERE address = ? AND blocked_at IS NOT NULL")) {
                s.setString(1, normalized(address));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** How many addresses are blocked. */
    public long blockedCount() {
        return database.read(c -> {
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT count(*) FROM mail_addresses WHERE blocked_at IS NOT NULL")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Counts a permanent failure in the caller's transaction; the one that reaches the limit blocks the address. */
    void permanentFailure(Connection c, String address, String error, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mail_addresses (address, permanent_failures, "
                + "last_error, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT (address) DO UPDATE SET "
                + "permanent_failures = mail_addresses.permanent_failures + 1, last_error = excluded.last_error, "
                + "updated_at = excluded.updated_at, blocked_at = CASE WHEN mail_addresses.blocked_at IS NULL "
                + "AND mail_addresses.permanent_failures + 1 >= " + BLOCK_AFTER + " THEN excluded.updated_at "
                + "ELSE mail_addresses.blocked_at END")) {
            s.setString(1, normalized(address));
            s.setString(2, error);
            s.setLong(3, now);
            s.executeUpdate();
        }
    }

    /** The address took a message: its count of failures starts again. */
    void accepted(Connection c, String address) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mail_addresses SET permanent_failures = 0 "
                + "WHERE address = ? AND permanent_failures > 0 AND blocked_at IS NULL")) {
            s.setString(1, normalized(address));
            s.executeUpdate();
        }
    }

    static String normalized(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
