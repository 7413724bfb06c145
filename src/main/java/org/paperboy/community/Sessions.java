package org.paperboy.community;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.paperboy.storage.Database;

/**
 * Signed-in browsers. A session is a random token in a cookie; the store keeps its hash, the member and the CSRF
 * token the session's forms must carry. Sessions end when the member logs out, after {@link #LIFETIME}, when the
 * account is disabled, or when its password changes (all of them: see {@link #endAll}).
 */
public final class Sessions {

    public static final Duration LIFETIME = Duration.ofDays(30);

    /** A live session; {@code token} is the cookie's value, known only to the browser and, briefly, to us. */
    public record Session(String token, User user, String csrfToken, Instant expiresAt) {}

    private final Database database;
    private final Clock clock;

    public Sessions(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Session start(User user) {
        Instant now = clock.instant();
        Session session = new Session(Secrets.random(), user, Secrets.random(), now.plus(LIFETIME));
        database.inTransaction(c -> {
            // Logging in is a good moment to forget this member's expired sessions.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?")) {
                s.setLong(1, user.id());
                s.setLong(2, now.toEpochMilli());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO sessions (token_hash, user_id, csrf_token, "
                    + "created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, Secrets.sha256(session.token()));
                s.setLong(2, user.id());
                s.setString(3, session.csrfToken());
                s.setLong(4, now.toEpochMilli());
                s.setLong(5, session.expiresAt().toEpochMilli());
                s.executeUpdate();
            }
            return null;
        });
        return session;
    }

    /** The session a cookie names, if it exists, has not expired and its member is not disabled. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + User.COLUMNS + ", s.csrf_token, s.expires_at "
                    + "FROM sessions s JOIN users u ON u.user_id = s.user_id "
                    + "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL")) {
                s.setString(1, Secrets.sha256(token));
                s.setLong(2, clock.millis());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Session(token, User.read(rs, 1), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8))))
                            : Optional.empty();
                }
            }
        });
    }

    public void end(String token) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
                s.setString(1, Secrets.sha256(token));
                return s.executeUpdate();
            }
        });
    }

    /** Ends every session of the member, in the caller's transaction: a changed password signs out every browser. */
    static void endAll(java.sql.Connection c, long userId) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE user_id = ?")) {
            s.setLong(1, userId);
            s.executeUpdate();
        }
    }
}
