package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.paperboy.storage.Database;

/**
 * The secrets in links mailed to members (table {@code mail_tokens}): made for one purpose, one member and one
 * address, valid for a while, usable once. The store keeps their SHA-256 only, as it does for sessions.
 */
public final class MailTokens {

    /** What following a link does. */
    public enum Purpose {
        VERIFY_EMAIL("verify-email", Duration.ofHours(48)),
        CHANGE_EMAIL("change-email", Duration.ofHours(48)),
        /** Short: a reset link in a mailbox that someone reads later is a way into the account. */
        RESET_PASSWORD("reset-password", Duration.ofHours(1));

        public final String dbValue;
        public final Duration lifetime;

        Purpose(String dbValue, Duration lifetime) {
            this.dbValue = dbValue;
            this.lifetime = lifetime;
        }

        static Purpose fromDb(String value) {
            return Arrays.stream(values()).filter(p -> p.dbValue.equals(value)).findFirst().orElseThrow();
        }
    }

    /** A token in the store; {@code email} is the address its link was mailed to. */
    public record Token(long id, Purpose purpose, long userId, String email) {}

    /** A token just made: its id (for the outbox) and the secret its link carries, known only now. */
    record Issued(long id, String secret) {}

    /** A link that does not work, and why, in words for the member. */
    public static final class Refused extends RuntimeException {

        public enum Reason { UNKNOWN, USED, EXPIRED, STALE }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** Tokens expired this long ago are deleted when their member gets a new one: until then, a click says "expired". */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(7);

    private final Database database;
    private final Clock clock;

    public MailTokens(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    Issued issue(Connection c, Purpose purpose, long userId, String email) throws SQLException {
        long now = clock.millis();
        try (PreparedStatement s = c.prepareStatement("DELETE FROM mail_tokens WHERE user_id = ? AND expires_at < ?")) {
            s.setLong(1, userId);
            s.setLong(2, now - KEPT_AFTER_EXPIRY.toMillis());
            s.executeUpdate();
        }
        String secret = Secrets.random();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mail_tokens (token_hash, purpose, user_id, email, "
                + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING token_id")) {
            s.setString(1, Secrets.sha256(secret));
            s.setString(2, purpose.dbValue);
            s.setLong(3, userId);
            s.setString(4, email);
            s.setLong(5, now);
            s.setLong(6, now + purpose.lifetime.toMillis());
            return new Issued(Sql.returnedId(s), secret);
        }
    }

    /** The unused, unexpired token for one of these purposes that {@code secret} names; else {@link Refused}. */
    public Token check(String secret, Set<Purpose> purposes) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT token_id, purpose, user_id, email, expires_at, used_at "
                    + "FROM mail_tokens WHERE token_hash = ?")) {
                s.setString(1, hash(secret));
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || !purposes.contains(Purpose.fromDb(rs.getString(2)))) {
                        throw unknown();
                    }
                    Token token = new Token(rs.getLong(1), Purpose.fromDb(rs.getString(2)), rs.getLong(3), rs.getString(4));
                    if (rs.getObject(6) != null) {
                        throw used(token.purpose());
                    }
                    if (rs.getLong(5) <= clock.millis()) {
                        throw expired(token.purpose());
                    }
                    return token;
                }
            }
        });
    }

    /**
     * Marks the token used, in the caller's transaction, and returns it. The check and the mark are one UPDATE, so
     * of two clicks at once exactly one gets the token (PostgreSQL re-reads the row the other UPDATE changed; SQLite
     * runs one writer at a time); the other gets {@link Refused}, as does an expired or unknown token.
     */
    Token use(Connection c, String secret, Set<Purpose> purposes) throws SQLException {
        String marks = purposes.stream().map(p -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement s = c.prepareStatement("UPDATE mail_tokens SET used_at = ? WHERE token_hash = ? "
                + "AND purpose IN (" + marks + ") AND used_at IS NULL AND expires_at > ? "
                + "RETURNING token_id, purpose, user_id, email")) {
            long now = clock.millis();
            int i = 1;
            s.setLong(i++, now);
            s.setString(i++, hash(secret));
            for (Purpose purpose : purposes) {
                s.setString(i++, purpose.dbValue);
            }
            s.setLong(i, now);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return new Token(rs.getLong(1), Purpose.fromDb(rs.getString(2)), rs.getLong(3), rs.getString(4));
                }
            }
        }
        throw whyRefused(secret, purposes);
    }

    /** Makes the member's unused tokens for this purpose useless: after a password or address change, say. */
    static void revoke(Connection c, long userId, Purpose purpose, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mail_tokens SET used_at = ? WHERE user_id = ? "
                + "AND purpose = ? AND used_at IS NULL")) {
            s.setLong(1, now);
            s.setLong(2, userId);
            s.setString(3, purpose.dbValue);
            s.executeUpdate();
        }
    }

    private Refused whyRefused(String secret, Set<Purpose> purposes) {
        try {
            check(secret, purposes);
            // Used or expired between the UPDATE and this look.
            return used(purposes.iterator().next());
        } catch (Refused refused) {
            return refused;
        }
    }

    /** A malformed secret hashes to no stored one; bounded so that a megabyte of "token" is not hashed. */
    private static String hash(String secret) {
        return secret == null || secret.length() > 100 ? "" : Secrets.sha256(secret);
    }

    static Refused unknown() {
        return new Refused(Refused.Reason.UNKNOWN, "this link is not valid: it may be incomplete (copy all of it "
                + "from the mail) or so old that it was deleted");
    }

    private static Refused used(Purpose purpose) {
        return new Refused(Refused.Reason.USED, "this link has been used already; each link works once"
                + (purpose == Purpose.RESET_PASSWORD ? ". Ask for a new one if you still need to reset your password" : ""));
    }

    private static Refused expired(Purpose purpose) {
        return new Refused(Refused.Reason.EXPIRED, "this link has expired (links to "
                + (purpose == Purpose.RESET_PASSWORD ? "reset a password work for an hour" : "confirm an address work for 48 hours")
                + "); ask for a new one");
    }

    static Refused stale(String message) {
        return new Refused(Refused.Reason.STALE, message);
    }
}
