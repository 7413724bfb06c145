package org.paperboy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.ingest.arxiv.ArxivSchedule;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.ArxivStandIn;
import org.paperboy.testing.Fixtures;
import org.paperboy.testing.OaiListing;
import org.paperboy.testing.ServeProcess;

/**
 * One {@code paperboy serve} on SQLite, left running against a stand-in arXiv that has published today's listing (a
 * real announcement feed of cs.AI, its day moved to today): on its own, on crons that fire every few seconds, the
 * server harvests what OAI-PMH has, reads the listing, fetches by id what the harvest did not bring (one paper only
 * the search API has yet), and then every paper of the listing is found by keyword, the day's page lists them
 * labelled New or Cross-list, and {@code /healthz} says ok.
 */
class KeepsUpWithArxivTest {

    private static final String FEED = "/arxiv/rss/zotero-arxiv-daily_rss-atom_cs.AI_2025-08-20.xml";
    private static final String CAPTURED_DAY = "2025-08-20T00:00:00-04:00";
    private static final Pattern ENTRY = Pattern.compile("<entry>.*?<id>oai:arXiv.org:([0-9.]+)v\\d+</id>\\s*"
            + "<title>(.*?)</title>.*?Abstract: (.*?)</summary>.*?<arxiv:announce_type>(\\w+)</arxiv:announce_type>",
            Pattern.DOTALL);
    private static final Pattern LABELLED = Pattern.compile(
            "<span class=\"label-announce\">([^<]+)</span>.*?<h3><a href=\"/papers/([^\"]+)\">", Pattern.DOTALL);

    /** A paper of the listing as the feed gives it. */
    private record Listed(String id, String title, String abstractXml, String type) {}

    @TempDir
    Path dir;

    @Test
    void theServerPicksUpTodaysListingByItselfAndServesIt() throws Exception {
        LocalDate today = LocalDate.now(ArxivSchedule.EASTERN);
        String feed = Files.readString(Fixtures.resource(FEED), StandardCharsets.UTF_8)
                .replace(CAPTURED_DAY, today.atStartOfDay(ArxivSchedule.EASTERN).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        List<Listed> listed = entries(feed);
        assertThat(listed).hasSize(7);
        // Three cross-lists and a new submission are in OAI-PMH's listing (and GetRecord); two more cross-lists only
        // by GetRecord; the other new submission is so new that only the search API has it.
        List<Listed> harvested = listed.stream()
                .filter(p -> List.of("2508.13426", "2508.13428", "2508.13429", "2508.14001").contains(p.id())).toList();
        Listed byGetRecord = paper(listed, "2508.13434");
        Listed byGetRecordToo = paper(listed, "2508.13435");
        Listed byApiOnly = paper(listed, "2508.14002");

        List<String> records = harvested.stream().map(p -> OaiListing.record(p.id(), p.title(), 1, p.abstractXml())).toList();
        OaiListing oai = new OaiListing(List.of(records), Instant.now());
        ArxivStandIn byId = new ArxivStandIn()
                .oai(byGetRecord.id(), ArxivStandIn.getRecord(byGetRecord.id(), byGetRecord.title(), Instant.now()))
                .oai(byGetRecordToo.id(), ArxivStandIn.getRecord(byGetRecordToo.id(), byGetRecordToo.title(), Instant.now()))
                .api(byApiOnly.id(), ArxivStandIn.apiEntry(byApiOnly.id() + "v1", byApiOnly.title(), Instant.now(),
                        Instant.now(), "Ada Lovelace"));
        for (int i = 0; i < harvested.size(); i++) {
            byId.oai(harvested.get(i).id(), getRecordAnswer(records.get(i)));
        }
        try (ArxivServer arxiv = ArxivServer.start()) {
            arxiv.route(request -> switch (request.path()) {
                case "/atom/cs" -> Reply.xml(feed);
                case "/oai" -> "GetRecord".equals(request.parameter("verb")) ? byId.apply(request) : oai.answer(request);
                default -> byId.apply(request);
            });
            try (ServeProcess serve = ServeProcess.start(dir.resolve("data"), environment(arxiv.baseUrl()))) {
                serve.awaitPort();

                List<String> labels = await(serve, Duration.ofSeconds(60), "every listed paper on the day's page",
                        () -> labels(serve.get("/daily?date=" + today).body()), found -> found.size() == listed.size());
                assertThat(labels).containsExactlyInAnyOrderElementsOf(listed.stream()
                        .map(p -> p.id() + " " + (p.type().equals("new") ? "New" : "Cross-list")).toList());
                assertThat(labels.subList(0, 2)).as("new submissions first").allMatch(label -> label.endsWith(" New"));
                for (Listed paper : listed) {
                    assertThat(await(serve, Duration.ofSeconds(10), paper.id() + " to be searchable",
                            () -> firstHit(serve, paper.title()), paper.id()::equals)).isEqualTo(paper.id());
                }
                HttpResponse<String> health = serve.get("/healthz");
                assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"ok\"", "\"papers\":7");
                assertThat(serve.output()).doesNotContain("\tat ", "ERROR");
                assertThat(arxiv.requests()).as("the paper only the API had was asked of the API")
                        .anyMatch(r -> r.path().equals("/api") && r.parameter("id_list").contains(byApiOnly.id()));
            }
        }
    }

    private static Map<String, String> environment(String arxiv) {
        return Map.of("PAPERBOY_EMBEDDING_PROVIDER", "none",
                "PAPERBOY_ARXIV_HARVEST", "true",
                "PAPERBOY_ARXIV_SETS", "cs",
                "PAPERBOY_ARXIV_OAI_URL", arxiv + "/oai",
                "PAPERBOY_ARXIV_LISTING_URL", arxiv + "/atom/",
                "PAPERBOY_ARXIV_API_URL", arxiv + "/api",
                "PAPERBOY_ARXIV_REQUEST_INTERVAL", "0",
                "PAPERBOY_ARXIV_HARVEST_CRON", "*/3 * * * * *",
                "PAPERBOY_ARXIV_LISTING_CRON", "*/4 * * * * *",
                "PAPERBOY_SCHEDULER_STOP_WAIT_SECONDS", "2");
    }

    private static List<Listed> entries(String feed) {
        List<Listed> entries = new ArrayList<>();
        Matcher m = ENTRY.matcher(feed);
        while (m.find()) {
            entries.add(new Listed(m.group(1), m.group(2).strip(), m.group(3).strip(), m.group(4)));
        }
        return entries;
    }

    /** The GetRecord answer with the very record the harvest reads. */
    private static String getRecordAnswer(String record) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
                + "<responseDate>" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "</responseDate>\n"
                + "<GetRecord>" + record + "</GetRecord>\n</OAI-PMH>\n";
    }

    private static Listed paper(List<Listed> listed, String id) {
        return listed.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    /** "ID Label" for each paper of the day's announcements, in the page's order. */
    private static List<String> labels(String page) {
        List<String> labels = new ArrayList<>();
        Matcher m = LABELLED.matcher(page);
        while (m.find()) {
            labels.add(m.group(2) + " " + m.group(1));
        }
        return labels;
    }

    /** The id of the first paper a keyword search for {@code title} finds, or "" for none. */
    private static String firstHit(ServeProcess serve, String title) throws Exception {
        String body = serve.get("/api/papers/search?mode=keyword&limit=1&q="
                + URLEncoder.encode(title.replace("\"", ""), StandardCharsets.UTF_8)).body();
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(body);
        return id.find() ? id.group(1) : "";
    }

    private static <T> T await(ServeProcess serve, Duration bound, String what, Callable<T> value,
                               java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        T last = value.call();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + bound.toSeconds() + " s for " + what + "; last saw " + last
                        + "\n" + serve.output());
            }
            Thread.sleep(200);
            last = value.call();
        }
        return last;
    }
}
