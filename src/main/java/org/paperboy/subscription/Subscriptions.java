package org.paperboy.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.paperboy.community.Secrets;
import org.paperboy.mail.Outbox;
import org.paperboy.storage.Database;
import org.paperboy.storage.SiteKeys;

/**
 * Subscriptions to the digests, with double opt-in: a request queues a confirmation link to the address, and only
 * the address's owner, following it, turns the subscription on. A request for an address that is subscribed already
 * changes nothing and queues a mail saying so, so that what a request answers never tells whether an address is known.
 */
public final class Subscriptions {

    /** How long a confirmation link works. */
    public static final Duration CONFIRM_WITHIN = Duration.ofHours(48);
    public static final int MAX_EMAIL = 254;
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>()\\[\\]\",;:\\\\]+@[^\\s@<>()\\[\\]\",;:\\\\]+\\.[^\\s@<>()\\[\\]\",;:\\\\.]+");
    private static final String COLUMNS = "subscription_id, email, user_id, frequency, community_picks, categories, "
            + "status, last_digest_period, alert_matches";

    private final Database database;
    private final Outbox outbox;
    private final Clock clock;
    private final String publicUrl;
    private final SubscriptionMails mails;
    private final SiteKeys keys;

    public Subscriptions(Database database, Outbox outbox, Clock clock, String publicUrl) {
        this.database = database;
        this.outbox = outbox;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.mails = new SubscriptionMails(publicUrl);
        this.keys = new SiteKeys(database);
    }

    /** An address as the store keys it, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static String normalizeEmail(String email) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (address.length() > MAX_EMAIL || !EMAIL.matcher(address).matches()) {
            throw new IllegalArgumentException("enter an e-mail address such as ada@example.org");
        }
        return address;
    }

    /**
     * Asks for a subscription: queues a confirmation link (a new, pending or unsubscribed address, whose preferences
     * become these), or a mail saying the address is subscribed already (its preferences stay).
     *
     * @param userId the member asking for their own address, or null; the subscription becomes theirs once confirmed,
     *     and the mail names the account, so that someone who put another's address on an account is found out
     */
    public void request(String email, Preferences preferences, Long userId) {
        String address = normalizeEmail(email);
        database.inTransaction(c -> {
            insertIfAbsent(c, address, preferences);
            Subscription subscription = find(c, "email = ?", address).orElseThrow();
            if (subscription.confirmed()) {
                outbox.enqueue(c, SubscriptionMails.ALREADY_KIND, Secrets.random().substring(0, 16),
                        mails.alreadySubscribed(address, unsubscribeUrl(subscription,
                                keys.secret(c, UnsubscribeTokens.KEY_NAME))));
                return null;
            }
            String token = Secrets.random();
            String hash = Secrets.sha256(token);
            try (PreparedStatement s = c.prepareStatement("UPDATE subscriptions SET frequency = ?, community_picks = ?, "
                    + "categories = ?, alert_matches = ?, status = 'pending', confirm_token_hash = ?, confirm_expires_at = ?, "
                    + "user_id = ? WHERE subscription_id = ?")) {
                setPreferences(s, 1, preferences);
                s.setString(5, hash);
                s.setLong(6, clock.millis() + CONFIRM_WITHIN.toMillis());
                setUser(s, 7, userId);
                s.setLong(8, subscription.id());
                s.executeUpdate();
            }
            // the request's id: the token's hash, which says nothing of the token
            outbox.enqueue(c, SubscriptionMails.CONFIRM_KIND, hash.substring(0, 16),
                    mails.confirmation(address, token, preferences, userId == null ? null : username(c, userId)));
            return null;
        });
        outbox.wakeDelivery(); // the mail could leave only once the transaction committed
    }

    /** Subscribes a member's address that the site has verified: confirmed at once, without a link. */
    public void subscribeVerified(String email, Preferences preferences, long userId) {
        String address = normalizeEmail(email);
        database.inTransaction(c -> {
            insertIfAbsent(c, address, preferences);
            try (PreparedStatement s = c.prepareStatement("UPDATE subscriptions SET frequency = ?, community_picks = ?, "
                    + "categories = ?, alert_matches = ?, status = 'confirmed', confirmed_at = ?, unsubscribed_at = NULL, "
                    + "confirm_token_hash = NULL, confirm_expires_at = NULL, user_id = ? WHERE email = ?")) {
                setPreferences(s, 1, preferences);
                s.setLong(5, clock.millis());
                s.setLong(6, userId);
                s.setString(7, address);
                return s.executeUpdate();
            }
        });
    }

    /** The pending subscription a confirmation link's token belongs to, if the link is unused and unexpired. */
    public Optional<Subscription> pending(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        return database.read(c -> find(c, "confirm_token_hash = ? AND confirm_expires_at > ? AND status = 'pending'",
                Secrets.sha256(token), clock.millis()));
    }

    /** Confirms the subscription of a confirmation link; the link works once. Empty when it is used or expired. */
    public Optional<Subscription> confirm(String token) {
        Optional<Subscription> pending = pending(token);
        if (pending.isEmpty()) {
            return pending;
        }
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE subscriptions SET status = 'confirmed', "
                    + "confirmed_at = ?, unsubscribed_at = NULL, confirm_token_hash = NULL, confirm_expires_at = NULL "
                    + "WHERE subscription_id = ? AND confirm_token_hash = ? AND status = 'pending'")) {
                s.setLong(1, clock.millis());
                s.setLong(2, pending.get().id());
                s.setString(3, Secrets.sha256(token));
                return s.executeUpdate() == 1 ? find(c, "subscription_id = ?", pending.get().id())
                        : Optional.<Subscription>empty();
            }
        });
    }

    public Optional<Subscription> find(String email) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        return database.read(c -> find(c, "email = ?", address));
    }

    /** A member changes the preferences of their confirmed subscription. */
    public void update(long subscriptionId, Preferences preferences, Long userId) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE subscriptions SET frequency = ?, community_picks = ?, "
                    + "categories = ?, alert_matches = ?, user_id = COALESCE(?, user_id) WHERE subscription_id = ?")) {
                setPreferences(s, 1, preferences);
                setUser(s, 5, userId);
                s.setLong(6, subscriptionId);
                return s.executeUpdate();
            }
        });
    }

    /** Stops the digests to a subscription; true when it was not unsubscribed already. */
    public boolean unsubscribe(long subscriptionId) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE subscriptions SET status = 'unsubscribed', "
                    + "unsubscribed_at = ?, confirm_token_hash = NULL, confirm_expires_at = NULL "
                    + "WHERE subscription_id = ? AND status <> 'unsubscribed'")) {
                s.setLong(1, clock.millis());
                s.setLong(2, subscriptionId);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** The link that unsubscribes this subscription, for every digest's List-Unsubscribe header and footer. */
    public String unsubscribeUrl(Subscription subscription) {
        return unsubscribeUrl(subscription, keys.secret(UnsubscribeTokens.KEY_NAME));
    }

    private String unsubscribeUrl(Subscription subscription, String key) {
        return publicUrl + "/unsubscribe/" + UnsubscribeTokens.token(key, subscription.id(), subscription.email());
    }

    /** The subscription an unsubscribe link's token was made for; empty for a forged or altered token. */
    public Optional<Subscription> byUnsubscribeToken(String token) {
        return UnsubscribeTokens.subscriptionId(token)
                .flatMap(id -> database.read(c -> find(c, "subscription_id = ?", id)))
                .filter(s -> UnsubscribeTokens.valid(keys.secret(UnsubscribeTokens.KEY_NAME), token, s.id(), s.email()));
    }

    /** Every confirmed subscription: the digests' recipients. */
    public List<Subscription> confirmed() {
        return database.read(c -> {
            List<Subscription> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM subscriptions "
                    + "WHERE status = 'confirmed' ORDER BY subscription_id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(read(rs));
                }
            }
            return all;
        });
    }

    /** Notes, in the transaction that queued it, the period of the digest queued for a subscription. */
    public void recordDigest(Connection c, long subscriptionId, String period) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE subscriptions SET last_digest_period = ? WHERE subscription_id = ?")) {
            s.setString(1, period);
            s.setLong(2, subscriptionId);
            s.executeUpdate();
        }
    }

    private static String username(Connection c, long userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT username FROM users WHERE user_id = ?")) {
            s.setLong(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void insertIfAbsent(Connection c, String address, Preferences preferences) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO subscriptions (frequency, community_picks, "
                + "categories, alert_matches, email, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING")) {
            setPreferences(s, 1, preferences);
            s.setString(5, address);
            s.setLong(6, clock.millis());
            s.executeUpdate();
        }
    }

    private static void setPreferences(PreparedStatement s, int first, Preferences p) throws SQLException {
        s.setString(first, p.frequency().label());
        s.setInt(first + 1, p.communityPicks() ? 1 : 0);
        s.setString(first + 2, p.categoryText());
        s.setInt(first + 3, p.alertMatches() ? 1 : 0);
    }

    private static void setUser(PreparedStatement s, int index, Long userId) throws SQLException {
        if (userId == null) {
            s.setNull(index, java.sql.Types.BIGINT);
        } else {
            s.setLong(index, userId);
        }
    }

    private static Optional<Subscription> find(Connection c, String where, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM subscriptions WHERE " + where)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Subscription read(ResultSet rs) throws SQLException {
        long userId = rs.getLong(3);
        Long user = rs.wasNull() ? null : userId;
        Preferences preferences = Preferences.of(Frequency.parse(rs.getString(4)).orElseThrow(), rs.getInt(5) == 1,
                rs.getString(6), rs.getInt(9) == 1);
        return new Subscription(rs.getLong(1), rs.getString(2), user, preferences,
                Subscription.Status.valueOf(rs.getString(7).toUpperCase(Locale.ROOT)), rs.getString(8));
    }
}
