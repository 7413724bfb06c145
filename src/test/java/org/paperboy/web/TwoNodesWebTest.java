package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.WebClient;

/**
 * Two stateless web nodes (a Paperboy and its web server each, as two {@code paperboy serve} behind a load balancer)
 * on one PostgreSQL, over real HTTP: what protects accounts counts across the nodes, what only protects a node's CPU
 * stays with the node.
 */
class TwoNodesWebTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dataDir;

    private static Paperboy paperboyA;
    private static Paperboy paperboyB;
    private static WebServer nodeA;
    private static WebServer nodeB;
    private static int nextAddress;

    @BeforeAll
    static void start() {
        Settings settings = Settings.defaults()
                .with(Settings.Key.DATABASE_URL, PostgresServer.newDatabaseUrl())
                .with(Settings.Key.DATABASE_USER, "postgres")
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true");
        paperboyA = Paperboy.open(settings.with(Settings.Key.DATA_DIR, dataDir.resolve("a").toString()));
        paperboyB = Paperboy.open(settings.with(Settings.Key.DATA_DIR, dataDir.resolve("b").toString()));
        nodeA = WebServer.start(paperboyA);
        nodeB = WebServer.start(paperboyB);
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
        paperboyA.close();
        paperboyB.close();
    }

    /** A client address of its own, seen by both nodes (as the load balancer forwards it). */
    private static String address() {
        nextAddress++;
        return "10.77." + nextAddress / 250 + "." + nextAddress % 250;
    }

    @Test
    void loginAttemptsCountedOnOneNodeAreLimitedOnTheOther() {
        String guesser = address();
        WebClient onA = new WebClient(nodeA.port(), guesser);
        for (int i = 0; i < RateLimits.Action.LOG_IN.capacity; i++) {
            assertThat(onA.logIn("ghost" + i, "guess " + i).statusCode()).as("guess %d on node A", i).isEqualTo(401);
        }
        HttpResponse<String> onB = new WebClient(nodeB.port(), guesser).logIn("ghost", "one more guess");

        assertThat(onB.statusCode()).as("the same address on node B").isEqualTo(429);
        assertThat(onB.body()).contains("too many login attempts");
        assertThat(onB.headers().firstValue("Retry-After")).isPresent();
        assertThat(new WebClient(nodeB.port(), address()).logIn("ghost", "a guess").statusCode())
                .as("another address").isEqualTo(401);
    }

    @Test
    void guessesAtOneAccountSpreadOverNodesAndAddressesAreLimited() {
        WebClient owner = new WebClient(nodeA.port(), address());
        assertThat(owner.signUp("guessed", PASSWORD).statusCode()).isEqualTo(303);
        for (int i = 0; i < RateLimits.Action.LOG_IN_ACCOUNT.capacity; i++) {
            WebServer node = i % 2 == 0 ? nodeA : nodeB;
            assertThat(new WebClient(node.port(), address()).logIn("guessed", "guess " + i).statusCode())
                    .as("guess %d", i).isEqualTo(401);
        }
        HttpResponse<String> limited = new WebClient(nodeB.port(), address()).logIn("guessed", PASSWORD);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("too many login attempts for this account");
    }

    @Test
    void theSharedBucketsHoldNoAddressOrUserName() {
        new WebClient(nodeA.port(), "10.99.0.1").logIn("someone-secret", "guess");
        String keys = paperboyA.database().read(c -> {
            StringBuilder all = new StringBuilder();
            try (var rs = c.createStatement().executeQuery("SELECT id FROM rate_buckets")) {
                while (rs.next()) {
                    all.append(rs.getString(1)).append('\n');
                }
            }
            return all.toString();
        });
        assertThat(keys).contains("LOG_IN ", "LOG_IN_ACCOUNT ").doesNotContain("10.99.0.1", "someone-secret");
    }

    @Test
    void limitsThatOnlyProtectANodesCpuStayWithTheNode() {
        assertThat(RateLimits.Action.SEARCH.protectsAccounts).isFalse();
        assertThat(RateLimits.Action.VOTE.protectsAccounts).isFalse();
        assertThat(new WebClient(nodeA.port(), address()).get("/search?q=anything").statusCode()).isEqualTo(200);
        String count = paperboyA.database().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM rate_buckets WHERE id LIKE 'SEARCH %'")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(count).isEqualTo("0");
    }
}
