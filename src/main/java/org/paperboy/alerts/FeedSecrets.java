package org.paperboy.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.paperboy.community.Secrets;
import org.paperboy.storage.Database;

/**
 * The secrets in members' alert feed URLs ({@code /feeds/alerts/SECRET.atom}): derived, not stored, as
 * {@code USERID-HMAC} where HMAC is HMAC-SHA256 of the member's id and the generation of their secret under the
 * site's random key ({@code alert_state.feed_key}). The member's page can so always show the URL; a feed reader cannot
 * guess it (256 bits); rotating raises the generation ({@code alert_feed_keys}), after which the old URL is refused.
 */
public final class FeedSecrets {

    private static final Pattern SECRET = Pattern.compile("(\\d{1,18})-([A-Za-z0-9_-]{43})");

    private final Database database;

    public FeedSecrets(Database database) {
        this.database = database;
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((userId + ":" + generation).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private String key() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT feed_key FROM alert_state");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
