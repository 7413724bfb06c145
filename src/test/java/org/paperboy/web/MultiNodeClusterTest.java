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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import org.paperboy.config.Settings;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.testing.OpenSearchCluster;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.WebClient;

/**
 * The scale-out layout on real parts: two Paperboy nodes serving HTTP (a Paperboy and its web server each, started as
 * {@code paperboy serve} starts them: the index follower, the scheduler, the warm-up) on one PostgreSQL, searching the
 * shared two-node OpenSearch cluster (both hosts configured, one replica per shard, an alias of this test's own),
 * keyword search only (embedding provider none). One setup for all the cases, which run in order: the last stops an
 * OpenSearch node and starts it again, so that the classes after this one get the whole cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeClusterTest {

    private static final String PASSWORD = "correct horse battery";
    /** The index follower's poll, as {@code paperboy serve} has it. */
    private static final long FOLLOW_MILLIS = 1_000;
    /** A paper imported through one node is searchable on the other within this (a poll, a bulk write, a refresh). */
    private static final Duration SEARCHABLE = Duration.ofSeconds(5);
    /** The writer's role moves to the other node within this once the writer stops (a poll of the lock, a catch-up). */
    private static final Duration TAKE_OVER = Duration.ofSeconds(5);
    private static final Duration FRESH = Duration.ofSeconds(1);
    /** A search while an OpenSearch node is down answers within this: no wait for a connection to the dead node. */
    private static final Duration SEARCH_WITHOUT_A_NODE = Duration.ofSeconds(2);
    private static final String TICK_JOB = "multinode-tick";
    private static final int TICK_SECONDS = 10;
    private static final Instant NOW = Instant.now();

    @TempDir
    static Path dataDir;

    private final OpenSearchCluster openSearch = OpenSearchCluster.shared();
    /** The start of each run of the test's recurring job, on whichever node ran it. */
    private final List<Instant> ticks = new CopyOnWriteArrayList<>();
    private Settings settings;
    private Node nodeA;
    private Node nodeB;
    private int nextAddress;

    /** A Paperboy node and its web server. */
    private record Node(Paperboy paperboy, WebServer server) {
        int port() {
            return server.port();
        }

        void stop() {
            server.close();
            paperboy.close();
        }
    }

    @BeforeAll
    void start() {
        String hosts = openSearch.hosts().stream().map(Object::toString).collect(Collectors.joining(","));
        settings = Settings.defaults()
                .with(Settings.Key.DATABASE_URL, PostgresServer.newDatabaseUrl())
                .with(Settings.Key.DATABASE_USER, "postgres")
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true")
                .with(Settings.Key.HTTP_WARMUP_SECONDS, "0")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.SEARCH_OPENSEARCH_HOSTS, hosts)
                .with(Settings.Key.SEARCH_ENGINE, "opensearch")
                .with(Settings.Key.SEARCH_OPENSEARCH_INDEX, "multinode-" + System.nanoTime())
                .with(Settings.Key.SEARCH_OPENSEARCH_SHARDS, "2")
                .with(Settings.Key.SEARCH_OPENSEARCH_REPLICAS, "1");
        nodeA = startNode("a");
        // A takes the writer's role before B starts, so that the cases know which node writes.
        await("node A holds the index writer lock", Duration.ofSeconds(30), () -> writerLocksHeld() == 1);
        nodeB = startNode("b");
        awaitHealthy(nodeA);
        awaitHealthy(nodeB);
    }

    @AfterAll
    void stop() {
        for (Node node : new Node[] {nodeA, nodeB}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    /** As {@code paperboy serve}: the web server, the index follower, the scheduled jobs, the warm-up. */
    private Node startNode(String name) {
        Paperboy paperboy = Paperboy.open(settings.with(Settings.Key.DATA_DIR, dataDir.resolve(name).toString()));
        WebServer server = WebServer.start(paperboy);
        paperboy.indexSync().follow(FOLLOW_MILLIS);
        List<RecurringJob> jobs = new ArrayList<>(paperboy.scheduledJobs());
        jobs.add(new RecurringJob(TICK_JOB, "*/" + TICK_SECONDS + " * * * * *", ZoneOffset.UTC,
                context -> ticks.add(Instant.now())));
        paperboy.scheduler().start(jobs);
        Thread.ofPlatform().name("start-up-" + name).daemon().start(() -> {
            try {
                paperboy.warmUp(() -> server.warmUp(paperboy));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return new Node(paperboy, server);
    }

    private void awaitHealthy(Node node) {
        WebClient client = new WebClient(node.port(), address());
        await("node on port " + node.port() + " says ok", Duration.ofSeconds(60),
                () -> client.get("/healthz").statusCode() == 200);
    }

    // --- 1. an import through A is searchable through B; one writer; B's health --------------------------------------

    @Test
    @Order(1)
    void aPaperImportedThroughNodeAIsSearchableOnNodeB() {
        WebClient reader = new WebClient(nodeB.port(), address());
        long start = System.nanoTime();
        nodeA.paperboy().catalog().upsert(List.of(paper("2612.00001", "Quokka migration across islands")));

        await("the paper in B's search page and API", SEARCHABLE, () -> found(reader, "quokka", "2612.00001"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("multinode: imported through A, searchable on B after %d ms%n", took.toMillis());

        assertThat(writerLocksHeld()).as("sessions holding the index writer lock").isEqualTo(1);
        assertThat(indexHealth(nodeA)).as("A's /healthz").contains("\"state\":\"ok\",\"writer\":true");
        assertThat(indexHealth(nodeB)).as("B's /healthz").contains("\"state\":\"ok\",\"writer\":false");
    }

    /** The node's /healthz, asserting that it says "ok". */
    private String indexHealth(Node node) {
        HttpResponse<String> health = new WebClient(node.port(), address()).get("/healthz");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
        System.out.printf("multinode: /healthz of port %d: %s%n", node.port(), health.body());
        return health.body();
    }

    /** Whether both B's search page and its API find {@code id} for {@code query}. */
    private static boolean found(WebClient reader, String query, String id) {
        HttpResponse<String> page = reader.get("/search?mode=keyword&q=" + query);
        HttpResponse<String> api = reader.get("/api/papers/search?mode=keyword&q=" + query);
        return page.statusCode() == 200 && page.body().contains(id) && api.statusCode() == 200 && api.body().contains(id);
    }

    // --- 2. a vote on B shows on A ------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void aVoteOnNodeBShowsOnNodeAWithinASecond() {
        String paper = "2612.00002";
        nodeA.paperboy().catalog().upsert(List.of(paper(paper, "Wombat burrow acoustics")));
        WebClient member = new WebClient(nodeB.port(), address());
        assertThat(member.signUp("voter", PASSWORD).statusCode()).isEqualTo(303);
        WebClient reader = new WebClient(nodeA.port(), address());
        assertThat(reader.get("/papers/" + paper).statusCode()).isEqualTo(200);
        assertThat(reader.get("/api/papers/" + paper).statusCode()).isEqualTo(200);

        member.get("/papers/" + paper);
        assertThat(member.post("/papers/" + paper + "/upvote", Map.of("back", "/papers/" + paper)).statusCode())
                .isEqualTo(303);
        long start = System.nanoTime();
        awaitFresh("the vote on A's paper page", start, () -> reader.get("/papers/" + paper).body().contains("upvote-count\">1<"));
        awaitFresh("the vote in A's API", start, () -> reader.get("/api/papers/" + paper).body().contains("\"upvotes\":1"));
    }

    // --- 3. a log-in throttle counted on A applies on B ---------------------------------------------------------------

    @Test
    @Order(3)
    void logInAttemptsCountedOnNodeAAreLimitedOnNodeB() {
        String guesser = address();
        WebClient onA = new WebClient(nodeA.port(), guesser);
        for (int i = 0; i < RateLimits.Action.LOG_IN.capacity; i++) {
            assertThat(onA.logIn("ghost" + i, "guess " + i).statusCode()).as("guess %d on A", i).isEqualTo(401);
        }
        HttpResponse<String> onB = new WebClient(nodeB.port(), guesser).logIn("ghost", "one more guess");
        assertThat(onB.statusCode()).as("the same address on B").isEqualTo(429);
        assertThat(new WebClient(nodeB.port(), address()).logIn("ghost", "a guess").statusCode())
                .as("another address on B").isEqualTo(401);
    }

    // --- 4. the scheduled jobs run once for the cluster ---------------------------------------------------------------

    @Test
    @Order(4)
    void eachTriggerOfARecurringJobRunsOnceAcrossTheNodes() {
        await("two runs of the recurring job", Duration.ofSeconds(3L * TICK_SECONDS), () -> ticks.size() >= 2);
        List<Long> triggers = ticks.stream().map(at -> at.getEpochSecond() / TICK_SECONDS).toList();
        assertThat(Set.copyOf(triggers)).as("one run per trigger (runs at %s)", ticks).hasSameSizeAs(triggers);
    }

    // --- 6. stopping a Paperboy node loses no acknowledged write; the other takes the writer's role over --------------

    @Test
    @Order(5)
    void stoppingTheWriterNodeLosesNoAcknowledgedWriteAndTheOtherNodeTakesOverTheIndex() throws Exception {
        String paper = "2612.00003";
        nodeA.paperboy().catalog().upsert(List.of(paper(paper, "Pangolin scales under stress")));
        List<String> tokens = IntStream.range(0, 20).mapToObj(i -> token(nodeA.paperboy(), "commenter" + i)).toList();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stopped = new AtomicBoolean();
        Thread client = Thread.ofPlatform().name("comments-to-a").start(() -> {
            WebClient toA = new WebClient(nodeA.port(), address());
            for (int n = 0; !stopped.get(); n++) {
                String body = "comment " + n + " through A";
                try {
                    HttpResponse<String> response = toA.postJson("/api/papers/" + paper + "/comments",
                            "{\"body\": \"" + body + "\"}", tokens.get(n % tokens.size()));
                    if (response.statusCode() == 201) {
                        acknowledged.add(body);
                    }
                    Thread.sleep(10);
                } catch (RuntimeException e) {
                    // A went away during the request: not acknowledged
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread.sleep(500);
        // papers pending for the index when the writer goes
        List<Paper> pending = IntStream.range(10, 40)
                .mapToObj(n -> paper(String.format("2612.%05d", n), "Axolotl regeneration study " + n)).toList();
        nodeA.paperboy().catalog().upsert(pending);
        long stop = System.nanoTime();
        nodeA.stop();
        stopped.set(true);
        client.join();
        nodeA = null;

        WebClient onB = new WebClient(nodeB.port(), address());
        String comments = onB.get("/api/papers/" + paper + "/comments").body();
        assertThat(acknowledged).as("comments acknowledged by A").isNotEmpty();
        for (String body : acknowledged) {
            assertThat(comments).as("acknowledged by A, served by B").contains("\"body\":\"" + body + "\"");
        }
        await("B indexes what A left pending", TAKE_OVER,
                () -> onB.get("/api/papers/search?mode=keyword&q=axolotl&limit=50").body().contains("2612.00039"));
        System.out.printf("multinode: writer stopped with papers pending, indexed by B after %d ms%n",
                Duration.ofNanos(System.nanoTime() - stop).toMillis());
        // A may have indexed them itself before it stopped: B's taking over is what the lock shows, within its poll
        await("B holds the index writer lock", TAKE_OVER, () -> writerLocksHeld() == 1);

        nodeB.paperboy().catalog().upsert(List.of(paper("2612.00004", "Narwhal tusk sensing")));
        await("a paper imported after the stop", SEARCHABLE, () -> found(onB, "narwhal", "2612.00004"));
        assertThat(indexHealth(nodeB)).contains("\"writer\":true");

        nodeA = startNode("a2");
        awaitHealthy(nodeA);
        assertThat(indexHealth(nodeA)).as("A, back").contains("\"writer\":false");
    }

    private static String token(Paperboy paperboy, String username) {
        User member = paperboy.members().createUser(username, username, null, "not a password hash", Role.MEMBER);
        return paperboy.apiTokens().create(member, "comments").secret();
    }

    // --- 5. (last) stopping an OpenSearch node keeps search answering on both nodes -----------------------------------

    @Test
    @Order(6)
    void stoppingAnOpenSearchNodeKeepsSearchAnsweringOnBothNodes() {
        String first = "n1"; // the first of the configured hosts
        openSearch.stopNode(first);
        try {
            for (Node node : List.of(nodeA, nodeB)) {
                WebClient reader = new WebClient(node.port(), address());
                for (int i = 0; i < 6; i++) {
                    long start = System.nanoTime();
                    assertThat(found(reader, "quokka", "2612.00001")).as("search %d on port %d", i, node.port()).isTrue();
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    System.out.printf("multinode: search without %s on port %d: %d ms%n", first, node.port(),
                            took.toMillis());
                    assertThat(took).as("search %d on port %d", i, node.port()).isLessThan(SEARCH_WITHOUT_A_NODE);
                }
                long start = System.nanoTime();
                assertThat(indexHealth(node)).contains("\"state\":\"ok\"");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("/healthz on port %d", node.port())
                        .isLessThan(SEARCH_WITHOUT_A_NODE);
            }
        } finally {
            long start = System.nanoTime();
            openSearch.restartNode(first);
            System.out.printf("multinode: OpenSearch node %s back, cluster green, after %d ms%n", first,
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    /** Sessions holding the advisory lock of the index writer (PostgreSQL's view, whichever node they belong to). */
    private long writerLocksHeld() {
        Paperboy any = nodeA != null ? nodeA.paperboy() : nodeB.paperboy();
        return any.database().read(c -> {
            try (var s = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND classid = 28770 AND objid = hashtext('search-index-writer')::oid")) {
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static Paper paper(String id, String title) {
        Instant submitted = NOW.minus(2, ChronoUnit.DAYS);
        return new Paper(new PaperId(id), 1, title, "An abstract about " + title + ".", List.of("Ada Lovelace"),
                List.of("q-bio.PE"), null, null, null, null, submitted, submitted,
                LocalDate.ofInstant(submitted, ZoneOffset.UTC).plusDays(1));
    }

    /** A client address of its own, as the load balancer forwards it to either node. */
    private String address() {
        nextAddress++;
        return "10.78." + nextAddress / 250 + "." + nextAddress % 250;
    }

    private static void awaitFresh(String what, long startNanos, BooleanSupplier shown) {
        await(what, Duration.ofSeconds(5), shown);
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        System.out.printf("multinode: %s after %d ms%n", what, took.toMillis());
        assertThat(took).as(what).isLessThan(FRESH);
    }

    private static void await(String what, Duration within, BooleanSupplier done) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
