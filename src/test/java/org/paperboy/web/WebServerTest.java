package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import org.paperboy.config.Settings;
import org.paperboy.testing.TestPapers;

/** The real server on a free port, over a real SQLite store, spoken to over HTTP. */
class WebServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String XSS_TITLE = "<script>alert(1)</script> & friends";
    private static final String PUBLISHED_AT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        Settings settings = Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0");
        paperboy = Paperboy.open(settings);
        List<Paper> papers = new ArrayList<>();
        papers.add(new Paper(new PaperId("2503.11731"), 2, "Gaussian Splatting for Sensor Simulation",
                "Line one of\nthe abstract.\n\nSecond paragraph.", List.of("Ada Lovelace", "Alan Turing"),
                List.of("cs.CV", "cs.RO"), "12 pages", null, "10.1234/gs.2025", null,
                Instant.parse("2025-03-14T17:59:59Z"), Instant.parse("2025-03-20T09:00:00Z"), LocalDate.of(2025, 3, 18)));
        papers.add(new Paper(new PaperId("2503.00666"), 1, XSS_TITLE, "Abstract with <b>tags</b>.",
                List.of("<img src=x onerror=alert(2)>"), List.of("cs.CR"), "\"><script>alert(3)</script>", null, null, null,
                null, null, LocalDate.of(2025, 3, 17)));
        papers.add(new Paper(new PaperId("hep-th/9504118"), 1, "An old-style paper", "Strings.", List.of("E. Witten"),
                List.of("hep-th"), null, null, null, null, null, null, LocalDate.of(2025, 3, 10)));
        papers.add(new Paper(new PaperId("2503.00777"), 1, "A paper people like", "Popular.", List.of("B. Liked"),
                List.of("cs.AI"), null, null, null, null, null, null, LocalDate.of(2025, 3, 16)));
        papers.add(new Paper(PaperId.namespaced("scifact", "4983"), 1, "Microstructural development of white matter",
                "Diffusion tensor imaging.", List.of(), List.of(), null, null, null, null, null, null, null));
        for (int n = 0; n < 31; n++) {
            Paper p = TestPapers.paper(String.format("2401.%05d", n));
            papers.add(new Paper(p.id(), 1, "Filler paper " + n, p.abstractText(), p.authors(), p.categories(), null,
                    null, null, null, null, null, LocalDate.of(2024, 1, 1)));
        }
        paperboy.catalog().upsert(papers);
        server = WebServer.start(paperboy);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (paperboy != null) {
            paperboy.close();
        }
    }

    @Test
    void theHomePageListsTheMostRecentTitles() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String body = response.body();
        assertThat(body).contains("36 papers in the catalog");
        assertThat(body).contains("<a href=\"/papers/2503.11731\">Gaussian Splatting for Sensor Simulation</a>");
        assertThat(body).contains("An old-style paper", "A paper people like", "Filler paper 30");
        assertThat(body.indexOf("Gaussian Splatting")).as("most recently announced first")
                .isLessThan(body.indexOf("A paper people like"));
        assertThat(body).contains("href=\"/?page=2\"").doesNotContain("rel=\"prev\"");
    }

    @Test
    void laterPagesContinueTheList() throws Exception {
        HttpResponse<String> second = get("/?page=2");
        HttpResponse<String> beyond = get("/?page=3");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("rel=\"prev\" href=\"/?page=1\"").doesNotContain("rel=\"next\"");
        assertThat(second.body()).doesNotContain("Gaussian Splatting");
        assertThat(countOf(second.body(), "<li class=\"paper\">")).isEqualTo(36 - PaperPages.PAGE_SIZE);
        assertThat(beyond.statusCode()).isEqualTo(200);
        assertThat(countOf(beyond.body(), "<li class=\"paper\">")).isZero();
    }

    @Test
    void aPageNumberMustBeANumberInRange() throws Exception {
        for (String page : List.of("abc", "0", "-1", "1.5", "10002", "99999999", "1e3")) {
            HttpResponse<String> response = get("/?page=" + page);
            assertThat(response.statusCode()).as("page=" + page).isEqualTo(400);
            assertThat(response.body()).as("page=" + page).contains("page must be a number from 1 to 10001");
        }
    }

    @Test
    void aPaperHasItsOwnPage() throws Exception {
        HttpResponse<String> response = get("/papers/2503.11731");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<h1>Gaussian Splatting for Sensor Simulation</h1>",
                "<a href=\"/authors/Ada%20Lovelace\">Ada Lovelace</a>, <a href=\"/authors/Alan%20Turing\">Alan Turing</a>",
                "2503.11731v2", "published <time datetime=\"2025-03-14\">", "0 upvotes",
                "<p class=\"abstract\">Line one of the abstract.</p>", "<p class=\"abstract\">Second paragraph.</p>",
                "https://doi.org/10.1234/gs.2025");
        for (String alias : List.of("/papers/2503.11731v1", "/papers/arXiv:2503.11731")) {
            assertThat(get(alias).body()).as(alias).contains("<h1>Gaussian Splatting for Sensor Simulation</h1>");
        }
        assertThat(get("/papers/hep-th/9504118").body()).contains("<h1>An old-style paper</h1>");
        HttpResponse<String> namespaced = get("/papers/scifact:4983");
        assertThat(namespaced.statusCode()).isEqualTo(200);
        assertThat(namespaced.body()).contains("<h1>Microstructural development of white matter</h1>")
                .doesNotContain("arxiv.org/abs/scifact");
    }

    @Test
    void thePaperApiSpeaksJson() throws Exception {
        HttpResponse<String> response = get("/api/papers/2503.11731");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("id").textValue()).isEqualTo("2503.11731");
        assertThat(json.get("title").textValue()).isEqualTo("Gaussian Splatting for Sensor Simulation");
        assertThat(json.get("summary").textValue()).isEqualTo("Line one of the abstract.\n\nSecond paragraph.");
        assertThat(json.get("authors")).hasSize(2);
        assertThat(json.get("authors").get(0).get("name").textValue()).isEqualTo("Ada Lovelace");
        assertThat(json.get("authors").get(1).get("name").textValue()).isEqualTo("Alan Turing");
        assertThat(json.get("publishedAt").textValue()).matches(PUBLISHED_AT).isEqualTo("2025-03-14T17:59:59.000Z");
        assertThat(json.get("upvotes").intValue()).isZero();
        assertThat(json.get("version").intValue()).isEqualTo(2);
        assertThat(json.get("categories")).extracting(JsonNode::textValue).containsExactly("cs.CV", "cs.RO");
        assertThat(json.get("announcedOn").textValue()).isEqualTo("2025-03-18");
        assertThat(json.get("doi").textValue()).isEqualTo("10.1234/gs.2025");
    }

    @Test
    void withoutASubmissionDatePublishedAtIsTheAnnouncementDay() throws Exception {
        JsonNode json = JSON.readTree(get("/api/papers/hep-th/9504118").body());

        assertThat(json.get("id").textValue()).isEqualTo("hep-th/9504118");
        assertThat(json.get("publishedAt").textValue()).matches(PUBLISHED_AT).isEqualTo("2025-03-10T00:00:00.000Z");
        assertThat(JSON.readTree(get("/api/papers/scifact:4983").body()).get("publishedAt").isNull()).isTrue();
    }

    @Test
    void upvotesShowOnThePageAndInTheApi() throws Exception {
        long member = paperboy.members().createUser("fan", "A Fan", null, "hash", Role.MEMBER).id();
        paperboy.votes().toggleUpvote(member, new PaperId("2503.00777"));

        assertThat(JSON.readTree(get("/api/papers/2503.00777").body()).get("upvotes").intValue()).isEqualTo(1);
        assertThat(get("/papers/2503.00777").body()).contains("1 upvote").doesNotContain("1 upvotes");
    }

    @Test
    void anUnknownPaperIsA404ThatSaysSo() throws Exception {
        HttpResponse<String> api = get("/api/papers/2501.99999");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(api.body()).get("error").textValue()).isEqualTo("paper 2501.99999 is not in the catalog");

        HttpResponse<String> page = get("/papers/2501.99999");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<h1>Not found</h1>", "paper 2501.99999 is not in the catalog");

        HttpResponse<String> notAnId = get("/api/papers/not-an-id");
        assertThat(notAnId.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(notAnId.body()).get("error").textValue())
                .isEqualTo("'not-an-id' is not a paper id (expected an arXiv id such as 2503.11731)");
    }

    @Test
    void anUnknownRouteIsA404() throws Exception {
        HttpResponse<String> page = get("/no/such/page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<h1>Not found</h1>", "no page at /no/such/page");

        HttpResponse<String> api = get("/api/nothing-here");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(api.body()).get("error").textValue()).isEqualTo("no page at /api/nothing-here");
    }

    @Test
    void a404IsOnePageAndNothingAfterIt() throws Exception {
        for (String path : List.of("/no/such/page", "/static/no-such.css", "/papers/2501.99999")) {
            String body = get(path).body();
            assertThat(countOf(body, "<html")).as(path).isEqualTo(1);
            assertThat(body.strip()).as(path).endsWith("</html>");
        }
    }

    @Test
    void daysBeyondFourDigitYearsAre400s() throws Exception {
        for (String query : List.of("week=%2B999999999-W52", "week=%2B999999999-W53", "month=%2B999999999-12",
                "month=-999999999-01", "date=%2B999999999-12-31", "date=-999999999-01-01", "date=0000-12-31")) {
            for (String path : List.of("/daily?", "/api/daily_papers?")) {
                HttpResponse<String> response = get(path + query);
                assertThat(response.statusCode()).as(path + query).isEqualTo(400);
                assertThat(response.body()).as(path + query).containsAnyOf("must be a date", "must look like");
            }
        }
        assertThat(get("/feeds/daily.atom?date=%2B999999999-12-31").statusCode()).isEqualTo(400);
        assertThat(get("/search?q=x&from=%2B999999999-12-31").statusCode()).isEqualTo(400);
        for (String edge : List.of("week=9999-W52", "month=9999-12", "date=9999-12-31", "week=0001-W01", "month=0001-01")) {
            assertThat(get("/daily?" + edge).statusCode()).as(edge).isEqualTo(200);
        }
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (String path : List.of("/", "/papers/2503.11731", "/api/papers/2503.11731", "/static/paperboy.css",
                "/healthz", "/feeds/daily.atom", "/no/such/page", "/api/nothing-here", "/daily?week=nonsense")) {
            responses.add(get(path));
        }
        // Jetty's own answers, before the application: a body over the limit, a path it will not serve.
        responses.add(send(HttpRequest.newBuilder(uri("/login")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20]))));
        responses.add(get("/%2e%2e/etc/passwd"));

        for (HttpResponse<String> response : responses) {
            String what = response.request().method() + " " + response.uri() + " " + response.statusCode();
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(what)
                    .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(what).hasValue("strict-origin-when-cross-origin");
        }
        assertThat(responses).extracting(HttpResponse::statusCode).contains(200, 404, 400, 413);
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
    }

    @Test
    void pagesUseNoInlineScriptOrStyleThePolicyWouldBlock() throws Exception {
        for (String path : List.of("/", "/daily", "/papers/2503.11731", "/search?q=gaussian", "/login", "/signup",
                "/trending", "/no/such/page")) {
            String page = get(path).body();
            assertThat(page).as(path).doesNotContainPattern("<script|<style|<[^>]*\\s(style|on[a-z]+)=|javascript:");
        }
    }

    @Test
    void aWrongMethodIsA405() throws Exception {
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/healthz")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("POST is not allowed on /healthz");

        HttpResponse<String> delete = send(HttpRequest.newBuilder(uri("/papers/2503.11731")).DELETE());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(get("/papers/2503.11731").statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        for (String path : List.of("/daily", "/papers/2503.11731", "/api/papers/2503.11731", "/feeds/daily.atom")) {
            HttpResponse<String> got = get(path);
            HttpResponse<String> head = send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(got.headers().firstValue("Content-Type"));
            assertThat(head.body()).as(path).isEmpty();
        }
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/papers/2503.99999")).method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void textFromTheCatalogIsEscapedInHtml() throws Exception {
        for (String path : List.of("/", "/papers/2503.00666")) {
            String body = get(path).body();
            assertThat(body).as(path)
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends")
                    .doesNotContain("<script>alert(1)</script>")
                    .doesNotContain("<img src=x onerror=alert(2)>");
        }
        assertThat(get("/papers/2503.00666").body()).doesNotContain("<script>alert(3)</script>", "<b>tags</b>")
                .contains("&lt;b&gt;tags&lt;/b&gt;");
        // and the JSON API returns the title as data, unchanged
        assertThat(JSON.readTree(get("/api/papers/2503.00666").body()).get("title").textValue()).isEqualTo(XSS_TITLE);
    }

    @Test
    void requestTextEchoedInErrorPagesIsEscaped() throws Exception {
        HttpResponse<String> badId = get("/papers/%3Cimg%20src=x%20onerror=alert(1)%3E");
        assertThat(badId.statusCode()).isEqualTo(404);
        assertThat(badId.body()).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");

        HttpResponse<String> badRoute = get("/%3Cscript%3Ealert(1)%3C%5Cscript%3E");
        assertThat(badRoute.statusCode()).isEqualTo(404);
        assertThat(badRoute.body()).doesNotContain("<script>alert(1)");
    }

    @Test
    void healthzReportsStatusAndSize() throws Exception {
        HttpResponse<String> response = get("/healthz");

        // This server is never warmed up (SearchServingTest covers "ok"): searches work, but may run out of time.
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("status").textValue()).isEqualTo("starting");
        assertThat(json.get("papers").longValue()).isEqualTo(36);
    }

    @Test
    void theStylesheetThePagesLinkIsServed() throws Exception {
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\">")
                .matcher(get("/").body());
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).isEqualTo("/static/paperboy.css");

        HttpResponse<String> css = get(link.group(1));

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(css.body()).isNotBlank();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void searchPageShowsHighlightedResultsWithoutTheIndexsInternals() throws Exception {
        paperboy.indexSync().catchUp(seq -> {});
        HttpResponse<String> response = get("/search?q=gaussian+splatting&mode=keyword");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<mark>Gaussian</mark>").doesNotContain("semantic index");
        assertThat(get("/search").statusCode()).isEqualTo(200);
    }

    @Test
    void searchEscapesWhatPapersSayAndWhatUsersType() throws Exception {
        paperboy.indexSync().catchUp(seq -> {});
        HttpResponse<String> page = get("/search?q=friends+%3Cscript%3Ealert(9)%3C/script%3E&mode=keyword");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>alert(1)").doesNotContain("<script>alert(9)")
                .contains("&lt;script&gt;");
        HttpResponse<String> api = get("/api/papers/search?q=friends&mode=keyword");
        JsonNode entries = JSON.readTree(api.body());
        assertThat(entries.get(0).path("paper").path("title").asText()).isEqualTo(XSS_TITLE);
        assertThat(entries.get(0).path("highlightedTitle").asText()).doesNotContain("<script>").contains("<mark>friends</mark>");
    }

    @Test
    void searchApiReturnsDailyPapersEntries() throws Exception {
        paperboy.indexSync().catchUp(seq -> {});
        // A vote and a comment, taken back at the end: the other tests share this server's paper 2503.11731.
        User reader = paperboy.members().createUser("reader", "A Reader", null, "hash", Role.MEMBER);
        PaperId paper = new PaperId("2503.11731");
        paperboy.votes().toggleUpvote(reader.id(), paper);
        long comment = paperboy.comments().addComment(reader.id(), paper, null, "Useful.").id();
        JsonNode first;
        try {
            HttpResponse<String> response = get("/api/papers/search?q=sensor+simulation&limit=3");
            assertThat(response.statusCode()).isEqualTo(200);
            first = JSON.readTree(response.body()).get(0);
        } finally {
            paperboy.votes().toggleUpvote(reader.id(), paper);
            paperboy.comments().deleteComment(reader, comment);
        }
        assertThat(first.path("paper").path("id").asText()).isEqualTo("2503.11731");
        assertThat(first.path("paper").path("upvotes").asInt()).isEqualTo(1);
        assertThat(first.path("numComments").asInt()).isEqualTo(1);
        assertThat(first.path("title").isTextual()).isTrue();
        assertThat(first.path("summary").isTextual()).isTrue();
        assertThat(first.path("publishedAt").asText()).matches(PUBLISHED_AT);
        assertThat(first.path("numComments").isInt()).isTrue();
        assertThat(first.path("paper").path("authors").get(0).path("name").asText()).isEqualTo("Ada Lovelace");
    }

    @Test
    void badSearchParametersAre400sWithAMessage() throws Exception {
        for (String query : List.of("limit=abc", "limit=0", "limit=1000000000", "mode=fuzzy", "from=yesterday",
                "from=2025-05-01&to=2025-01-01", "offset=-1", "q=" + "x".repeat(1_200))) {
            HttpResponse<String> response = get("/api/papers/search?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("error").asText()).as(query).isNotBlank();
        }
        assertThat(get("/search?q=x&page=-3").statusCode()).isEqualTo(400);
    }

    @Test
    void similarPapersApi() throws Exception {
        paperboy.indexSync().catchUp(seq -> {});
        HttpResponse<String> response = get("/api/papers/2401.00001/similar?limit=3");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode similar = JSON.readTree(response.body());
        assertThat(similar.size()).isBetween(1, 3);
        assertThat(similar.findValuesAsText("id")).doesNotContain("2401.00001");
        assertThat(get("/api/papers/2599.99999/similar").statusCode()).isEqualTo(404);
    }

    @Test
    void searchAtomFeedEscapesWhatPapersSay() throws Exception {
        paperboy.indexSync().catchUp(seq -> {});
        HttpResponse<String> feed = get("/feeds/search.atom?q=friends&mode=keyword");
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(get("/search?q=friends").body()).contains("href=\"/feeds/search.atom?q=friends\"");
    }

    @Test
    void paperAsMarkdownAndBibtex() throws Exception {
        HttpResponse<String> md = get("/papers/2503.11731.md");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(md.body()).startsWith("# Gaussian Splatting for Sensor Simulation\n")
                .contains("**Authors:** Ada Lovelace, Alan Turing").contains("Line one of the abstract.");
        HttpResponse<String> bib = get("/papers/2503.11731.bib");
        assertThat(bib.body()).startsWith("@misc{2503.11731,").contains("author = {Ada Lovelace and Alan Turing}")
                .contains("eprint = {2503.11731}").contains("primaryClass = {cs.CV}").contains("doi = {10.1234/gs.2025}");
        assertThat(get("/papers/hep-th/9504118.md").body()).startsWith("# An old-style paper");
        assertThat(get("/papers/2599.99999.bib").statusCode()).isEqualTo(404);
    }

    @Test
    void paperPageListsSimilarPapers() throws Exception {
        paperboy.indexSync().catchUp(seq -> {});
        String page = get("/papers/2401.00001").body();
        assertThat(page).contains("Similar papers").contains("href=\"/papers/2401.000");
    }

    @Test
    void openApiDocumentDescribesTheApi() throws Exception {
        HttpResponse<String> response = get("/api/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("paths").has("/api/daily_papers")).isTrue();
        assertThat(doc.path("paths").has("/api/papers/search")).isTrue();
        assertThat(doc.path("paths").path("/api/papers/{id}/upvote").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("post", "put", "delete");
        assertThat(doc.path("components").path("schemas").path("DailyEntry").path("required").toString())
                .contains("submittedOnDailyBy").contains("numComments");
    }
}
