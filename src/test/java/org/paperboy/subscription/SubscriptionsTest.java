package org.paperboy.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.mail.Outbox;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** The store of subscriptions, on SQLite and PostgreSQL: double opt-in, single-use links, signed unsubscribe links. */
class SubscriptionsTest {

    private static final Preferences DAILY_PICKS = Preferences.of(Frequency.DAILY, true, "");
    private static final Pattern CONFIRM_LINK = Pattern.compile("/subscribe/confirm\\?token=([A-Za-z0-9_-]+)");

    @TempDir
    Path dir;
    private Database database;
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private Subscriptions open(String store) {
        database = store.equals("sqlite") ? Database.open("jdbc:sqlite:" + dir.resolve("store.db"), null, null)
                : Database.open(PostgresServer.newDatabaseUrl(), "postgres", null);
        return subscriptions();
    }

    private Subscriptions subscriptions() {
        return new Subscriptions(database, new Outbox(database, clock, "papers.example.org"), clock,
                "https://papers.example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aRequestIsConfirmedOnceByItsLinkAndARepeatChangesNothing(String store) {
        Subscriptions subscriptions = open(store);
        subscriptions.request("Ada@Example.org ", Preferences.of(Frequency.WEEKLY, false, "cs.CL, cs.LG"), null);

        Subscription pending = subscriptions.find("ada@example.org").orElseThrow();
        assertThat(pending.status()).isEqualTo(Subscription.Status.PENDING);
        assertThat(pending.categories()).containsExactly("cs.CL", "cs.LG");
        assertThat(subscriptions.confirmed()).isEmpty();
        String token = lastConfirmToken("ada@example.org");

        assertThat(subscriptions.confirm(token)).hasValueSatisfying(s -> assertThat(s.confirmed()).isTrue());
        assertThat(subscriptions.confirm(token)).as("a link confirms once").isEmpty();
        assertThat(subscriptions.confirmed()).extracting(Subscription::email).containsExactly("ada@example.org");

        subscriptions.request("ada@example.org", DAILY_PICKS, null);
        Subscription after = subscriptions.find("ada@example.org").orElseThrow();
        assertThat(after.confirmed()).isTrue();
        assertThat(after.frequency()).as("a stranger cannot change a confirmed subscription").isEqualTo(Frequency.WEEKLY);
        assertThat(kinds("ada@example.org")).containsExactly("subscription-confirm", "subscription-already");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aConfirmationLinkExpires(String store) {
        Subscriptions subscriptions = open(store);
        subscriptions.request("bob@example.org", DAILY_PICKS, null);
        String token = lastConfirmToken("bob@example.org");
        clock.advance(Subscriptions.CONFIRM_WITHIN.plus(Duration.ofMinutes(1)));

        assertThat(subscriptions.pending(token)).isEmpty();
        assertThat(subscriptions.confirm(token)).isEmpty();
        assertThat(subscriptions.find("bob@example.org").orElseThrow().confirmed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void unsubscribeTokensAreSignedPerAddressWithOneKeyForEveryNode(String store) {
        Subscriptions node1 = open(store);
        node1.subscribeVerified("carol@example.org", DAILY_PICKS, 0L + createUser());
        node1.subscribeVerified("dan@example.org", DAILY_PICKS, createUser());
        Subscription carol = node1.find("carol@example.org").orElseThrow();
        Subscription dan = node1.find("dan@example.org").orElseThrow();
        String carolToken = token(node1.unsubscribeUrl(carol));
        String danToken = token(node1.unsubscribeUrl(dan));

        Subscriptions node2 = subscriptions();
        assertThat(node2.byUnsubscribeToken(carolToken)).as("another node checks with the same key")
                .map(Subscription::id).hasValue(carol.id());
        String signature = carolToken.substring(carolToken.indexOf('.'));
        assertThat(node2.byUnsubscribeToken(dan.id() + signature)).as("carol's signature on dan's id").isEmpty();
        assertThat(node2.byUnsubscribeToken(flipLast(danToken))).isEmpty();
        assertThat(node2.byUnsubscribeToken("1")).isEmpty();
        assertThat(node2.byUnsubscribeToken("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void refusesWhatIsNotAnAddressOrACategory(String store) {
        Subscriptions subscriptions = open(store);
        assertThatThrownBy(() -> subscriptions.request("not an address", DAILY_PICKS, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Preferences.of(Frequency.DAILY, true, "cs.CL <b>"))
                .hasMessageContaining("not an arXiv category");
        assertThatThrownBy(() -> Preferences.of(Frequency.DAILY, false, ""))
                .hasMessageContaining("choose the community's picks, some arXiv categories, or both");
    }

    private long createUser() {
        return database.inTransaction(c -> {
            String name = "u" + System.nanoTime();
            try (var s = c.prepareStatement("INSERT INTO users (username, display_name, password_hash, created_at) "
                    + "VALUES (?, ?, 'x', 0)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, name);
                s.setString(2, name);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    private static String token(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String flipLast(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private String lastConfirmToken(String recipient) {
        String text = database.read(c -> {
            try (var s = c.prepareStatement("SELECT text_body FROM outbox WHERE recipient = ? "
                    + "AND kind = 'subscription-confirm' ORDER BY outbox_id DESC")) {
                s.setString(1, recipient);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        Matcher m = CONFIRM_LINK.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private List<String> kinds(String recipient) {
        return database.read(c -> {
            try (var s = c.prepareStatement("SELECT kind FROM outbox WHERE recipient = ? ORDER BY outbox_id")) {
                s.setString(1, recipient);
                List<String> kinds = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        kinds.add(rs.getString(1));
                    }
                }
                return kinds;
            }
        });
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
