package org.paperboy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.ingest.arxiv.HarvestState;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.ArxivServer.Request;
import org.paperboy.testing.OaiListing;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.ServeProcess;
import org.paperboy.testing.TestPapers;

/**
 * Two {@code paperboy serve} processes on one PostgreSQL, each with its own index, harvesting from one stand-in
 * arXiv on a cron that fires every ten seconds: each trigger is harvested once across the two (one run's pages, never
 * two runs at once), and when the server running a harvest is killed with SIGKILL, the other takes the run over once
 * its heartbeats stop (shortened to a second here) and completes it.
 */
class TwoServersHarvestOnceTest {

    private static final int PAGES = 3;
    private static final int PER_PAGE = 20;
    private static final int TRIGGER_SECONDS = 10;
    private static final String HEARTBEAT = "-Dpaperboy.scheduler.heartbeat-seconds=1";
    /** A page of the second listing takes this long: long enough to kill a server in the middle of a harvest. */
    private static final Duration SLOW_PAGE = Duration.ofMillis(1_500);
    private static final Pattern HARVESTED = Pattern.compile("harvested set cs: ");

    @TempDir
    Path dir;

    @Test
    void eachTriggerHarvestsOnceAcrossTwoServersAndAKilledServersRunIsTakenOver() throws Exception {
        String url = PostgresServer.newDatabaseUrl();
        AtomicReference<Function<Request, Reply>> oai = new AtomicReference<>(listing(0)::answer);
        try (ArxivServer arxiv = ArxivServer.start()) {
            arxiv.route(request -> request.path().equals("/oai") ? oai.get().apply(request)
                    : Reply.status(404, Map.of(), "no route for " + request.target()));
            Map<String, String> environment = environment(url, arxiv.baseUrl());
            try (ServeProcess a = ServeProcess.start(dir.resolve("a"), environment, HEARTBEAT);
                 ServeProcess b = ServeProcess.start(dir.resolve("b"), environment, HEARTBEAT);
                 Database database = openWhenMigrated(a, b, url)) {
                Catalog catalog = new Catalog(database);
                HarvestState state = new HarvestState(database);

                AtomicReference<List<Run>> seen = new AtomicReference<>();
                // Between two triggers: every run the stand-in saw has ended, and is in the log of one server.
                await(Duration.ofSeconds(45), "two complete harvests", () -> {
                    List<Run> runs = runs(arxiv);
                    seen.set(runs);
                    return runs.size() >= 2 && runs.getLast().complete() && lastRunCompleted(state, runs.getLast().start())
                            && harvestsLogged(a) + harvestsLogged(b) == runs.size();
                });
                List<Run> runs = seen.get();
                assertThat(runs).allSatisfy(run -> assertThat(run.tokens()).as("one harvest's pages, in order")
                        .containsExactly(null, "6960524|1", "6960524|2"));
                assertThat(runs.stream().map(run -> run.start().getEpochSecond() / TRIGGER_SECONDS).distinct())
                        .as("one run per trigger").hasSameSizeAs(runs);
                assertThat(catalog.count()).isEqualTo(PAGES * PER_PAGE);
                HarvestState.LastRun last = state.find("cs").orElseThrow().lastRun();
                assertThat(last.outcome()).isEqualTo("completed");
                assertThat(last.records()).isEqualTo(PAGES * PER_PAGE);
                assertThat(last.unchanged()).as("the papers were stored by the first run alone").isEqualTo(PAGES * PER_PAGE);

                for (ServeProcess server : List.of(a, b)) {
                    await(Duration.ofSeconds(10), "each server's own index to have the papers",
                            () -> finds(server, OaiListing.id(PAGES * PER_PAGE - 1)));
                }

                oai.set(slowly(listing(PAGES * PER_PAGE)));
                int before = runs.size();
                await(Duration.ofSeconds(30), "a harvest of the new listing to reach its second page",
                        () -> runs(arxiv).size() > before && runs(arxiv).getLast().tokens().size() == 2);
                String runner = pickedBy(database);
                ServeProcess victim = runner.endsWith(":" + a.pid()) ? a : b;
                ServeProcess survivor = victim == a ? b : a;
                assertThat(runner).endsWith(":" + victim.pid());
                victim.kill();
                Instant killed = Instant.now();

                await(Duration.ofSeconds(40), "the other server to complete the harvest",
                        () -> lastRunCompleted(state, killed) && catalog.count() == 2 * PAGES * PER_PAGE);
                assertThat(Duration.between(killed, Instant.now())).as("six missed heartbeats, a poll, a slow harvest")
                        .isLessThan(Duration.ofSeconds(30));
                assertThat(survivor.output()).contains("did not end (the process was killed?)");
                assertThat(IntStream.range(0, 2 * PAGES * PER_PAGE).mapToObj(n -> TestPapers.id(OaiListing.id(n)))
                        .filter(id -> catalog.find(id).isEmpty())).as("papers missing").isEmpty();
                Run takeover = runs(arxiv).stream().filter(run -> run.start().isAfter(killed)).findFirst().orElseThrow();
                assertThat(takeover.tokens()).containsExactly(null, "6960524|1", "6960524|2");
                await(Duration.ofSeconds(10), "the survivor's index to have the new papers",
                        () -> finds(survivor, OaiListing.id(2 * PAGES * PER_PAGE - 1)));
            }
        }
    }

    private static Map<String, String> environment(String databaseUrl, String arxiv) {
        return Map.ofEntries(Map.entry("PAPERBOY_DATABASE_URL", databaseUrl),
                Map.entry("PAPERBOY_DATABASE_USER", "postgres"),
                Map.entry("PAPERBOY_EMBEDDING_PROVIDER", "none"),
                Map.entry("PAPERBOY_ARXIV_HARVEST", "true"),
                Map.entry("PAPERBOY_ARXIV_OAI_URL", arxiv + "/oai"),
                Map.entry("PAPERBOY_ARXIV_LISTING_URL", arxiv + "/atom/"),
                Map.entry("PAPERBOY_ARXIV_API_URL", arxiv + "/api"),
                Map.entry("PAPERBOY_ARXIV_REQUEST_INTERVAL", "0"),
                Map.entry("PAPERBOY_ARXIV_HARVEST_CRON", "*/" + TRIGGER_SECONDS + " * * * * *"),
                Map.entry("PAPERBOY_ARXIV_LISTING_CRON", "-"),
                Map.entry("PAPERBOY_SCHEDULER_STOP_WAIT_SECONDS", "2"));
    }

    /** The test's own connection, once both servers have migrated the store (they race to do it). */
    private static Database openWhenMigrated(ServeProcess a, ServeProcess b, String url) throws InterruptedException {
        a.awaitPort();
        b.awaitPort();
        return Database.open(url, "postgres", null);
    }

    /** Papers {@code first} to {@code first + 59} over three pages. */
    private static OaiListing listing(int first) {
        List<List<String>> pages = new ArrayList<>();
        for (int p = 0; p < PAGES; p++) {
            int start = first + p * PER_PAGE;
            pages.add(IntStream.range(start, start + PER_PAGE).mapToObj(n -> OaiListing.record(n, 1)).toList());
        }
        return new OaiListing(pages, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    private static Function<Request, Reply> slowly(OaiListing listing) {
        return request -> {
            Reply reply = listing.answer(request);
            return (socket, out) -> {
                try {
                    Thread.sleep(SLOW_PAGE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                reply.send(socket, out);
            };
        };
    }

    /** One harvest as the stand-in saw it: a first page, then the pages its tokens asked for. */
    private record Run(Instant start, List<String> tokens) {
        boolean complete() {
            return tokens.size() == PAGES;
        }
    }

    /** The ListRecords requests in the order they came, cut into runs at each first page. */
    private static List<Run> runs(ArxivServer arxiv) {
        List<Run> runs = new ArrayList<>();
        arxiv.requests().stream().filter(r -> r.path().equals("/oai"))
                .sorted(Comparator.comparing(Request::receivedAt)).forEach(request -> {
                    String token = request.parameter("resumptionToken");
                    if (token == null) {
                        runs.add(new Run(request.receivedAt(), new ArrayList<>()));
                    }
                    if (!runs.isEmpty()) {
                        runs.getLast().tokens().add(token);
                    }
                });
        return runs;
    }

    private static boolean lastRunCompleted(HarvestState state, Instant startedAfter) {
        return state.find("cs").map(HarvestState.SetState::lastRun)
                .filter(run -> run.outcome().equals("completed") && run.endedAt() != null
                        && !run.startedAt().isBefore(startedAfter.minusSeconds(1)))
                .isPresent();
    }

    /** Whether the server's search finds the paper by its id. */
    private static boolean finds(ServeProcess server, String id) {
        try {
            return server.get("/api/papers/search?mode=keyword&q=id:" + id).body().contains("\"" + id + "\"");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long harvestsLogged(ServeProcess server) {
        return HARVESTED.matcher(server.output()).results().count();
    }

    /** The node running the harvest now, as {@code host:pid}. */
    private static String pickedBy(Database database) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT picked_by FROM scheduled_tasks WHERE task_name = 'arxiv-harvest' AND picked")) {
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : "";
                }
            }
        });
    }

    private static void await(Duration bound, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + bound.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
