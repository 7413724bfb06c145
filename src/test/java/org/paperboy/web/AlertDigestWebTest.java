package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;
import org.paperboy.subscription.Subscription;
import org.paperboy.testing.WebClient;

/** Saving an alert and the digest its matches go in, through the real server with mail on (SQLite, the in-process model). */
class AlertDigestWebTest {

    @TempDir
    Path dataDir;
    private Paperboy paperboy;
    private WebServer server;

    @BeforeEach
    void start() {
        paperboy = Paperboy.open(Settings.defaults().with(Key.DATA_DIR, dataDir.toString()).with(Key.HTTP_PORT, "0")
                .with(Key.ARXIV_HARVEST, "false").with(Key.HTTP_BEHIND_PROXY, "true")
                .with(Key.MAIL_FROM, "papers@example.org").with(Key.MAIL_SMTP_TLS, "none")
                .with(Key.MAIL_SMTP_HOST, "127.0.0.1")); // queued mail only: no scheduler delivers it here
        server = WebServer.start(paperboy);
    }

    @AfterEach
    void stop() {
        server.close();
        paperboy.close();
    }

    @Test
    void aMemberWithAConfirmedAddressGetsTheMatchesInADailyDigest() {
        WebClient ada = member("ada", true);

        assertThat(ada.post("/alerts", Map.of("q", "protein structure prediction", "name", "")).statusCode())
                .isEqualTo(303);

        Subscription digest = paperboy.subscriptions().find("ada@example.org").orElseThrow();
        assertThat(digest.confirmed()).isTrue();
        assertThat(digest.preferences()).isEqualTo(Preferences.alertsOnly());
        assertThat(ada.get("/alerts").body()).contains("The matches come in your daily digest to ada@example.org.");
    }

    @Test
    void aDigestTheMemberHasOrLeftIsTheirs() {
        WebClient grace = member("grace", true);
        paperboy.subscriptions().subscribeVerified("grace@example.org", Preferences.of(Frequency.WEEKLY, true, ""),
                userId("grace"));
        paperboy.subscriptions().unsubscribe(paperboy.subscriptions().find("grace@example.org").orElseThrow().id());

        grace.post("/alerts", Map.of("q", "graph neural networks", "name", ""));

        Subscription left = paperboy.subscriptions().find("grace@example.org").orElseThrow();
        assertThat(left.status()).isEqualTo(Subscription.Status.UNSUBSCRIBED);
        assertThat(left.preferences().alertMatches()).isFalse();
        assertThat(grace.get("/alerts").body()).contains("Your digest does not bring the matches");
    }

    @Test
    void anAddressNotConfirmedGetsNoDigest() {
        WebClient alan = member("alan", false);

        alan.post("/alerts", Map.of("q", "compilers", "name", ""));

        assertThat(paperboy.subscriptions().find("alan@example.org")).isEmpty();
        assertThat(alan.get("/alerts").body()).contains("Confirm your address in your settings");
    }

    private WebClient member(String username, boolean confirmed) {
        WebClient client = new WebClient(server.port());
        assertThat(client.signUp(username, "correct horse battery", username + "@example.org").statusCode())
                .isEqualTo(303);
        client.get("/alerts"); // a page with the session's form token
        if (confirmed) {
            // What following the mailed link does (AccountMailWebTest follows it); this test is about what comes after.
            paperboy.database().inTransaction(c -> {
                try (var s = c.prepareStatement("UPDATE users SET email_verified_at = 1 WHERE username = ?")) {
                    s.setString(1, username);
                    return s.executeUpdate();
                }
            });
        }
        return client;
    }

    private long userId(String username) {
        return paperboy.members().findUser(username).orElseThrow().id();
    }
}
