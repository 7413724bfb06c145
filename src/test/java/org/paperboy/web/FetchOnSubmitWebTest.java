package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.CompletableFuture;
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
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivStandIn;
import org.paperboy.testing.WebClient;

/**
 * Submitting a paper the catalog lacks, through the real server: it is fetched from a loopback arXiv within the
 * request, and what arXiv does not have, or does not answer about, gets a clear answer in time.
 */
class FetchOnSubmitWebTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final Instant YESTERDAY = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @TempDir
    static Path dataDir;

    private static final ArxivStandIn standIn = new ArxivStandIn();
    private static ArxivServer arxiv;
    private static Paperboy paperboy;
    private static WebServer server;

    @BeforeAll
    static void start() {
        arxiv = ArxivServer.start().route(standIn);
        Settings settings = Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true")
                .with(Settings.Key.SUBMIT_DAILY_LIMIT, "2")
                .with(Settings.Key.ARXIV_HARVEST, "false")
                .with(Settings.Key.ARXIV_OAI_URL, arxiv.baseUrl() + "/oai")
                .with(Settings.Key.ARXIV_API_URL, arxiv.baseUrl() + "/api")
                .with(Settings.Key.ARXIV_REQUEST_INTERVAL, "0")
                .with(Settings.Key.ARXIV_FETCH_TIMEOUT, "2");
        paperboy = Paperboy.open(settings);
        List<Paper> inCatalog = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            inCatalog.add(new Paper(new PaperId(String.format("2611.%05d", n)), 1, "Catalogued " + n, "", List.of("A"),
                    List.of("cs.LG"), null, null, null, null, YESTERDAY, YESTERDAY, null));
        }
        paperboy.catalog().upsert(inCatalog);
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (paperboy != null) {
            paperboy.close();
        }
        if (arxiv != null) {
            arxiv.close();
        }
    }

    private static WebClient member(String username) {
        WebClient client = new WebClient(server.port());
        assertThat(client.signUp(username, PASSWORD).statusCode()).isEqualTo(303);
        client.get("/submit");
        return client;
    }

    private static String apiToken(WebClient member, String username) {
        member.get("/users/" + username);
        Matcher secret = Pattern.compile("<code id=\"new-token\">(pb_[A-Za-z0-9_-]+)</code>")
                .matcher(member.post("/users/" + username + "/tokens", Map.of("name", "t")).body());
        assertThat(secret.find()).isTrue();
        return secret.group(1);
    }

    private static long requestsAbout(String id) {
        return arxiv.requests().stream().filter(r -> r.target().contains(id.replace("/", "%2F"))).count();
    }

    @Test
    void aPaperTheCatalogLacksIsFetchedStoredAndOnTheFeed() {
        String id = "2611.10001";
        standIn.oai(id, ArxivStandIn.getRecord(id, "Fetched through OAI-PMH", YESTERDAY));
        WebClient ada = member("fetcher");

        HttpResponse<String> submitted = ada.post("/submit", Map.of("paper", "https://arxiv.org/abs/" + id + "v1"));

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
        assertThat(submitted.headers().firstValue("Location")).hasValue("/daily?date=" + TODAY + "#paper-" + id);
        Paper stored = paperboy.catalog().find(new PaperId(id)).orElseThrow();
        assertThat(stored.title()).isEqualTo("Fetched through OAI-PMH");
        assertThat(stored.authors()).containsExactly("Ada Lovelace", "Charles Babbage");
        assertThat(ada.get("/daily?date=" + TODAY).body()).contains("href=\"/papers/" + id + "\"")
                .contains("Fetched through OAI-PMH").contains("submitted by <a href=\"/users/fetcher\">");
    }

    @Test
    void theApiFetchesFromArxivsSearchApiWhatOaiDoesNotHaveYet() throws Exception {
        String id = "2611.10002";
        standIn.api(id, ArxivStandIn.apiEntry(id + "v2", "Fetched through the API", YESTERDAY, YESTERDAY, "Grace Hopper"));
        WebClient grace = member("apifetcher");
        String token = apiToken(grace, "apifetcher");

        HttpResponse<String> submitted = grace.postJson("/api/papers/submit", "{\"paper\": \"" + id + "\"}", token);

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        JsonNode entry = JSON.readTree(submitted.body());
        assertThat(entry.path("paper").path("id").asText()).isEqualTo(id);
        assertThat(entry.path("title").asText()).isEqualTo("Fetched through the API");
        assertThat(entry.path("submittedOnDailyBy").path("user").asText()).isEqualTo("apifetcher");
        assertThat(paperboy.catalog().find(new PaperId(id)).orElseThrow().version()).isEqualTo(2);
        assertThat(paperboy.feed().submissionOf(new PaperId(id))).isPresent();
    }

    @Test
    void aPaperArxivDoesNotHaveIsAClear404AndArxivIsNotAskedAgainAtOnce() throws Exception {
        String id = "2611.99998";
        WebClient ada = member("unlucky");

        HttpResponse<String> form = ada.post("/submit", Map.of("paper", id));

        assertThat(form.statusCode()).isEqualTo(404);
        assertThat(form.body()).contains("class=\"form-error").contains("arXiv has no paper " + id)
                .contains("value=\"" + id + "\"");
        long asked = requestsAbout(id);
        assertThat(asked).as("OAI, then the API").isEqualTo(2);

        HttpResponse<String> api = ada.postJson("/api/papers/submit", "{\"paper\": \"" + id + "\"}", apiToken(ada, "unlucky"));

        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(api.body()).path("error").asText()).isEqualTo("arXiv has no paper " + id);
        assertThat(requestsAbout(id)).as("remembered for a while").isEqualTo(asked);
        assertThat(paperboy.catalog().find(new PaperId(id))).isEmpty();
    }

    @Test
    void aPaperOfAnotherCollectionIsNotAskedOfArxiv() {
        HttpResponse<String> form = member("collector").post("/submit", Map.of("paper", "scifact:4983"));

        assertThat(form.statusCode()).isEqualTo(404);
        assertThat(form.body()).contains("not in the catalog; only arXiv papers are fetched");
        assertThat(requestsAbout("4983")).isZero();
    }

    @Test
    void whenArxivDoesNotAnswerTheMemberIsToldSoWithinTheTimeout() throws Exception {
        WebClient ada = member("patient");
        String token = apiToken(ada, "patient");
        ada.get("/submit");
        standIn.down(true);
        try {
            long start = System.nanoTime();
            HttpResponse<String> api = ada.postJson("/api/papers/submit", "{\"paper\": \"2611.10003\"}", token);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(api.body()).path("error").asText())
                    .isEqualTo("arXiv did not answer in time; try again in a few minutes");
            assertThat(api.headers().firstValue("Retry-After")).isPresent();
            assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));

            HttpResponse<String> form = ada.post("/submit", Map.of("paper", "2611.10004"));
            assertThat(form.statusCode()).isEqualTo(503);
            assertThat(form.body()).contains("class=\"form-error").contains("arXiv did not answer in time")
                    .contains("value=\"2611.10004\"");
        } finally {
            standIn.down(false);
        }
    }

    @Test
    void anAnswerThatCannotBeReadIsABadGatewayNotAnError() throws Exception {
        String id = "2611.10006";
        standIn.oai(id, "<html><body>Rate exceeded</body></html>");
        WebClient ada = member("gatewayed");

        HttpResponse<String> api = ada.postJson("/api/papers/submit", "{\"paper\": \"" + id + "\"}", apiToken(ada, "gatewayed"));

        assertThat(api.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(api.body()).path("error").asText()).contains("cannot be read").contains(id)
                .as("no parser internals").doesNotContain("OAI-PMH");
        assertThat(paperboy.catalog().find(new PaperId(id))).isEmpty();
    }

    @Test
    void onlyAFewFetchesRunAtOnce() throws Exception {
        int crowd = SubmissionFetch.MAX_IN_FLIGHT + 1;
        List<WebClient> members = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int n = 0; n < crowd; n++) {
            members.add(member("crowd" + n));
            tokens.add(apiToken(members.get(n), "crowd" + n));
        }
        standIn.down(true);
        try {
            // Each fetch holds its place for at least the timeout, so the last of these finds every place taken.
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int n = 0; n < crowd; n++) {
                int member = n;
                responses.add(CompletableFuture.supplyAsync(() -> members.get(member).postJson("/api/papers/submit",
                        "{\"paper\": \"2611.2000" + member + "\"}", tokens.get(member))));
            }
            List<String> refusedIds = new ArrayList<>();
            for (int n = 0; n < crowd; n++) {
                HttpResponse<String> response = responses.get(n).get();
                assertThat(response.statusCode()).isEqualTo(503);
                if (JSON.readTree(response.body()).path("error").asText().contains("already fetching")) {
                    refusedIds.add("2611.2000" + n);
                }
            }

            assertThat(refusedIds).isNotEmpty();
            assertThat(refusedIds).allSatisfy(id -> assertThat(requestsAbout(id)).isZero());
        } finally {
            standIn.down(false);
        }
    }

    @Test
    void aMemberOverTheDailyLimitMakesNoRequestToArxiv() {
        WebClient ada = member("busy");
        assertThat(ada.post("/submit", Map.of("paper", "2611.00000")).statusCode()).isEqualTo(303);
        assertThat(ada.post("/submit", Map.of("paper", "2611.00001")).statusCode()).isEqualTo(303);

        HttpResponse<String> third = ada.post("/submit", Map.of("paper", "2611.10005"));

        assertThat(third.statusCode()).isEqualTo(400);
        assertThat(third.body()).contains("the daily limit");
        assertThat(requestsAbout("2611.10005")).isZero();
    }

    @Test
    void fetchAttemptsCountAgainstTheMembersSubmissionRate() {
        WebClient ada = member("prober");
        int status = 0;
        int attempts = 0;
        int answeredByArxiv = 0;
        while (attempts < 50 && status != 429) {
            status = ada.post("/submit", Map.of("paper", String.format("2612.%05d", attempts++))).statusCode();
            answeredByArxiv += status == 404 ? 1 : 0;
        }

        assertThat(status).isEqualTo(429);
        assertThat(attempts - 1).as("attempts before the limit").isLessThanOrEqualTo(20);
        assertThat(arxiv.requests().stream().filter(r -> r.target().contains("2612.")).count())
                .as("OAI and the API once per attempt arXiv answered").isEqualTo(2L * answeredByArxiv);
    }
}
