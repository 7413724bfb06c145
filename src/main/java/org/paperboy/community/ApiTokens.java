package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paperboy.storage.Database;

/**
 * Bearer tokens with which a member's scripts use the API. A token is shown once, when it is created; the store
 * keeps its hash. Tokens start with {@value #PREFIX} so that secret scanners and people can recognise them.
 */
public final class ApiTokens {

    public static final String PREFIX = "pb_";
    public static final int MAX_PER_USER = 20;
    /** How stale a token's "last used" time may be. */
    static final long LAST_USED_RESOLUTION_MILLIS = 60_000;

    /** A token as its owner's profile lists it (never the secret itself). */
    public record ApiToken(long id, String name, Instant createdAt, Instant lastUsedAt) {}

    /** A token just created: the only time its secret is known. */
    public record NewToken(ApiToken token, String secret) {}

    private final Database database;

    public ApiTokens(Database database) {
        this.database = database;
    }

    public NewToken create(User owner, String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 80) {
            throw CommunityException.invalid("give the token a name of 1 to 80 characters, e.g. the script that uses it");
        }
        String secret = PREFIX + Secrets.random();
        Instant now = Instant.now();
        long id = database.inTransaction(c -> {
            // The owner's token creations queue here, so two at once cannot both pass the count.
            database.lockRow(c, "users", "user_id", owner.id());
            if (liveTokens(c, owner) >= MAX_PER_USER) {
                throw CommunityException.invalid("you have " + MAX_PER_USER + " tokens already; revoke one you no longer use");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
                    + "VALUES (?, ?, ?, ?) RETURNING token_id")) {
                s.setLong(1, owner.id());
                s.setString(2, label);
                s.setString(3, Secrets.sha256(secret));
                s.setLong(4, now.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return new NewToken(new ApiToken(id, label, now, null), secret);
    }

    private static int liveTokens(Connection c, User owner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL")) {
            s.setLong(1, owner.id());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public List<ApiToken> list(User owner) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT token_id, name, created_at, last_used_at FROM api_tokens "
                    + "WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at, token_id")) {
                s.setLong(1, owner.id());
                List<ApiToken> tokens = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(new ApiToken(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                                Sql.instant(rs, 4)));
                    }
                }
                return tokens;
            }
        });
    }

    /** Revokes one of the owner's tokens; another member's token id is treated as unknown. */
    public void revoke(User owner, long tokenId) {
        int revoked = database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE api_tokens SET revoked_at = ? "
                    + "WHERE token_id = ? AND user_id = ? AND revoked_at IS NULL")) {
                s.setLong(1, System.currentTimeMillis());
                s.setLong(2, tokenId);
                s.setLong(3, owner.id());
                return s.executeUpdate();
            }
        });
        if (revoked == 0) {
            throw CommunityException.notFound("you have no token " + tokenId);
        }
    }

    /** The member a bearer token belongs to, if it is live and the account is not disabled. */
    public Optional<User> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(secret);
        long now = System.currentTimeMillis();
        record Found(User user, long lastUsed) {}
        Optional<Found> found = database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + User.COLUMNS + ", t.last_used_at FROM api_tokens t "
                    + "JOIN users u ON u.user_id = t.user_id "
                    + "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL")) {
                s.setString(1, hash);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Found(User.read(rs, 1), rs.getLong(User.COLUMN_COUNT + 1)))
                            : Optional.<Found>empty();
                }
            }
        });
        // "Last used" is shown to the minute: writing it on every call would make each API read a write.
        found.filter(f -> now - f.lastUsed() >= LAST_USED_RESOLUTION_MILLIS).ifPresent(f -> database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?")) {
                s.setLong(1, now);
                s.setString(2, hash);
                return s.executeUpdate();
            }
        }));
        return found.map(Found::user);
    }
}
