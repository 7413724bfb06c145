package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.WebClient;

/**
 * Two stateless web nodes (a Paperboy and its web server each, as two {@code paperboy serve} behind a load balancer)
 * on one PostgreSQL, over real HTTP: what protects accounts counts across the nodes, what only protects a node's CPU
 * stays with the node; a vote, a comment, a submission or an edited paper committed through one node shows on the
 * other's pages (daily page, paper page, API) at once, whatever those pages had cached.
 *
 * <p>Freshness is asserted within {@link #FRESH}, half the second the issue allows: each check first has the reading
 * node render and cache its pages, then writes through the other node, so that a cache only bounded by age (as every
 * one was, for other nodes' commits: a second for the anonymous daily page) would serve the old page past it.
 */
class TwoNodesWebTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Duration FRESH = Duration.ofMillis(500);
    private static final Instant NOW = Instant.now();

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
        List<Paper> papers = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            papers.add(paper(String.format("2611.%05d", n), "Fresh paper " + n));
        }
        paperboyA.catalog().upsert(papers);
        nodeA = WebServer.start(paperboyA);
        nodeB = WebServer.start(paperboyB);
    }

    private static Paper paper(String id, String title) {
        Instant submitted = NOW.minus(2, ChronoUnit.DAYS);
        return new Paper(new PaperId(id), 1, title, "An abstract about " + title + ".", List.of("Ada Lovelace"),
                List.of("cs.LG"), null, null, null, null, submitted, submitted,
                LocalDate.ofInstant(submitted, ZoneOffset.UTC).plusDays(1));
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

    // --- caches: a commit on one node shows on the other at once ----------------------------------------------------

    @Test
    void aSubmissionAVoteAndACommentOnNodeBShowOnNodeAsPages() {
        String paper = "2611.00001";
        WebClient member = new WebClient(nodeB.port(), address());
        assertThat(member.signUp("picker", PASSWORD).statusCode()).isEqualTo(303);
        WebClient reader = new WebClient(nodeA.port(), address());

        warm(reader, paper);
        member.get("/submit");
        assertThat(member.post("/submit", Map.of("paper", paper)).statusCode()).isEqualTo(303);
        assertFresh("the submission on A's daily page", () -> reader.get("/daily").body().contains("id=\"paper-" + paper + "\""));

        member.get("/papers/" + paper);
        warm(reader, paper);
        assertThat(member.post("/papers/" + paper + "/upvote", Map.of("back", "/papers/" + paper)).statusCode())
                .isEqualTo(303);
        assertFresh("the vote on A's daily page", () -> upvotesOnDaily(reader.get("/daily").body(), paper) == 1);
        assertFresh("the vote on A's paper page", () -> reader.get("/papers/" + paper).body().contains("upvote-count\">1<"));
        assertFresh("the vote in A's API", () -> reader.get("/api/papers/" + paper).body().contains("\"upvotes\":1"));

        member.get("/papers/" + paper);
        warm(reader, paper);
        assertThat(member.post("/papers/" + paper + "/comments", Map.of("body", "A comment made on node B")).statusCode())
                .isEqualTo(303);
        assertFresh("the comment count on A's daily page", () -> reader.get("/daily").body().contains("1 comment<"));
        assertFresh("the comment on A's paper page",
                () -> reader.get("/papers/" + paper).body().contains("A comment made on node B"));
    }

    @Test
    void aPaperEditedOnNodeAShowsOnNodeBsPages() {
        String paper = "2611.00002";
        WebClient member = new WebClient(nodeA.port(), address());
        assertThat(member.signUp("editor", PASSWORD).statusCode()).isEqualTo(303);
        member.get("/submit");
        assertThat(member.post("/submit", Map.of("paper", paper)).statusCode()).isEqualTo(303);
        WebClient reader = new WebClient(nodeB.port(), address());
        assertFresh("the submission on B's daily page", () -> reader.get("/daily").body().contains("Fresh paper 2<"));

        warm(reader, paper);
        paperboyA.catalog().upsert(List.of(paper(paper, "Fresh paper 2, revised")));
        assertFresh("the new title on B's daily page", () -> reader.get("/daily").body().contains("Fresh paper 2, revised"));
        assertFresh("the new title on B's paper page",
                () -> reader.get("/papers/" + paper).body().contains("Fresh paper 2, revised"));
        assertFresh("the new title in B's API",
                () -> reader.get("/api/papers/" + paper).body().contains("Fresh paper 2, revised"));
    }

    /** Has the reading node render (and cache) the pages the checks then read. */
    private static void warm(WebClient reader, String paper) {
        for (String path : List.of("/daily", "/papers/" + paper, "/api/papers/" + paper, "/api/daily_papers")) {
            assertThat(reader.get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    private static int upvotesOnDaily(String page, String paper) {
        Matcher count = Pattern.compile("id=\"paper-" + Pattern.quote(paper) + "\".*?upvote-count\">(\\d+)<",
                Pattern.DOTALL).matcher(page);
        return count.find() ? Integer.parseInt(count.group(1)) : -1;
    }

    /** Asserts that {@code shown} holds within {@link #FRESH} of now (the write has returned). */
    private static void assertFresh(String what, BooleanSupplier shown) {
        long start = System.nanoTime();
        while (!shown.getAsBoolean()) {
            if (System.nanoTime() - start > Duration.ofSeconds(5).toNanos()) {
                throw new AssertionError(what + ": not shown after 5 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what).isLessThan(FRESH);
    }
}
