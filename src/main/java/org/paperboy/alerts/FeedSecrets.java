package org.paperboy.alerts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperboy.community.Secrets;
import org.paperboy.storage.Database;
import org.paperboy.storage.SiteKeys;

/**
 * The secrets in members' alert feed URLs ({@code /feeds/alerts/SECRET.atom}): derived, not stored, as
 * {@code USERID-HMAC} where HMAC is HMAC-SHA256 of the member's id and the generation of their secret under the
 * site's key for them ({@link SiteKeys}, {@value #KEY_NAME}). The member's page can so always show the URL; a feed reader cannot
 * guess it (256 bits); rotating raises the generation ({@code alert_feed_keys}), after which the old URL is refused.
 */
public final class FeedSecrets {

    private static final Pattern SECRET = Pattern.compile("(\\d{1,18})-([A-Za-z0-9_-]{43})");

    private static final String KEY_NAME = "alert-feeds";

    private final Database database;
    private final SiteKeys keys;

    public FeedSecrets(Database database, SiteKeys keys) {
        this.database = database;
        this.keys = keys;
    }

    /** The member's current secret. */
    public String secret(long userId) {
        return userId + "-" + mac(userId, generation(userId));
    }

    /** The member a secret belongs to, if it is their current one. */
    public Optional<Long> member(String secret) {
        Matcher m = SECRET.matcher(secret == null ? "" : secret);
        if (!m.matches()) {
            return Optional.empty();
        }
        long userId = Long.parseLong(m.group(1));
        return Secrets.equal(secret(userId), secret) ? Optional.of(userId) : Optional.empty();
    }

    /** Makes a new secret for the member: URLs with the old one stop working. */
    public String rotate(long userId) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_feed_keys (user_id, generation) "
                    + "VALUES (?, 1) ON CONFLICT (user_id) DO UPDATE SET generation = alert_feed_keys.generation + 1")) {
                s.setLong(1, userId);
                return s.executeUpdate();
            }
        });
        return secret(userId);
    }

    private long generation(long userId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT generation FROM alert_feed_keys WHERE user_id = ?")) {
                s.setLong(1, userId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    private String mac(long userId, long generation) {
        return Secrets.hmac(keys.secret(KEY_NAME), userId + ":" + generation);
    }
}
