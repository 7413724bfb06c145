package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
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

/** The daily feed page and the daily-papers API, over a real server and store. */
class DailyPagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final LocalDate PICKS_DAY = LocalDate.of(2025, 3, 18);
    private static final LocalDate QUIET_DAY = LocalDate.of(2025, 3, 19);

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none"));
        paperboy.catalog().upsert(List.of(
                paper("2503.10001", "Liked a lot", PICKS_DAY), paper("2503.10002", "Liked a little", PICKS_DAY),
                paper("2503.10003", "Only announced", QUIET_DAY)));
        User ada = paperboy.members().createUser("ada", "Ada Lovelace", null, "hash", Role.MEMBER);
        User bob = paperboy.members().createUser("bob", "Bob", null, "hash", Role.MEMBER);
        paperboy.feed().submit(ada.id(), new PaperId("2503.10002"), PICKS_DAY);
        paperboy.feed().submit(bob.id(), new PaperId("2503.10001"), PICKS_DAY);
        paperboy.votes().toggleUpvote(ada.id(), new PaperId("2503.10001"));
        paperboy.votes().toggleUpvote(bob.id(), new PaperId("2503.10001"));
        paperboy.comments().addComment(ada.id(), new PaperId("2503.10001"), null, "Great.");
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        server.close();
        paperboy.close();
    }

    @Test
    void apiEntriesHaveTheExactFieldNamesAndTypes() throws Exception {
        HttpResponse<String> response = get("/api/daily_papers?date=2025-03-18&sort=trending");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode entries = JSON.readTree(response.body());
        assertThat(entries).hasSize(2);
        JsonNode first = entries.get(0);
        assertThat(first.path("paper").path("id").asText()).isEqualTo("2503.10001");
        assertThat(first.path("paper").path("authors").get(0).path("name").isTextual()).isTrue();
        assertThat(first.path("paper").path("publishedAt").asText()).matches(TIMESTAMP);
        assertThat(first.path("paper").path("title").asText()).isEqualTo("Liked a lot");
        assertThat(first.path("paper").path("summary").isTextual()).isTrue();
        assertThat(first.path("paper").path("upvotes").asInt()).isEqualTo(2);
        assertThat(first.path("paper").path("discussionId").isTextual()).isTrue();
        assertThat(first.path("title").asText()).isEqualTo("Liked a lot");
        assertThat(first.path("summary").isTextual()).isTrue();
        assertThat(first.path("publishedAt").asText()).matches(TIMESTAMP);
        assertThat(first.path("submittedOnDailyAt").asText()).matches(TIMESTAMP);
        assertThat(first.path("submittedOnDailyBy").path("user").asText()).isEqualTo("bob");
        assertThat(first.path("submittedOnDailyBy").path("fullname").asText()).isEqualTo("Bob");
        assertThat(first.path("submittedOnDailyBy").has("avatarUrl")).isTrue();
        assertThat(first.path("numComments").isInt()).isTrue();
        assertThat(first.path("numComments").asInt()).isEqualTo(1);
    }

    @Test
    void apiFiltersByWeekMonthSubmitterAndPages() throws Exception {
        assertThat(JSON.readTree(get("/api/daily_papers?week=2025-W12").body())).hasSize(2);
        assertThat(JSON.readTree(get("/api/daily_papers?month=2025-03&submitter=ada").body()))
                .extracting(e -> e.path("paper").path("id").asText()).containsExactly("2503.10002");
        assertThat(JSON.readTree(get("/api/daily_papers?week=2025-W12&limit=1&p=1").body())).hasSize(1);
        assertThat(JSON.readTree(get("/api/daily_papers?date=2025-03-19").body())).isEmpty();
    }

    @Test
    void apiRejectsMalformedParameters() throws Exception {
        for (String query : List.of("date=2025-13-01", "week=2025-12", "month=March", "sort=best", "limit=0", "p=-1",
                "date=2025-03-18&week=2025-W12", "submitter=")) {
            HttpResponse<String> response = get("/api/daily_papers?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("error").asText()).as(query).isNotBlank();
        }
    }

    @Test
    void dayPageShowsPicksByUpvotesThenTheAnnouncedList() throws Exception {
        String page = get("/daily?date=2025-03-18").body();
        assertThat(page).contains("Daily Papers").contains("<span class=\"upvote-count\">2</span>")
                .contains("submitted by <a href=\"/users/bob\">Bob</a>");
        assertThat(page.indexOf("Liked a lot")).isLessThan(page.indexOf("Liked a little"));
        assertThat(page).contains("href=\"/daily?date=2025-03-19\"");
    }

    @Test
    void aDayWithoutPicksSaysSoAndShowsWhatWasAnnounced() throws Exception {
        String page = get("/daily?date=2025-03-19").body();
        assertThat(page).contains("No papers have been submitted for this day yet").contains("Only announced");
        assertThat(get("/daily").body()).as("latest day by default").contains("Only announced");
        assertThat(get("/daily?date=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void atomFeedsOfTheDayAndTrendingAreValidXmlAndAnnounced() throws Exception {
        HttpResponse<String> daily = get("/feeds/daily.atom?date=2025-03-18");
        assertThat(daily.statusCode()).isEqualTo(200);
        assertThat(daily.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(daily.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("feed");
        assertThat(xml.getElementsByTagName("entry").getLength()).isEqualTo(2);
        assertThat(daily.body()).contains("Liked a lot").contains("/papers/2503.10001");
        assertThat(get("/feeds/daily.atom?date=2025-03-19").body()).as("no picks: the announced list").contains("Only announced");
        assertThat(get("/feeds/trending.atom").statusCode()).isEqualTo(200);
        assertThat(get("/feeds/daily.atom?date=never").statusCode()).isEqualTo(400);
        assertThat(get("/daily?date=2025-03-18").body())
                .contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"/feeds/daily.atom?date=2025-03-18\">");
    }

    @Test
    void trendingPageRanksThisWeeksPicks() throws Exception {
        User carol = paperboy.members().createUser("carol", "Carol", null, "hash", Role.MEMBER);
        paperboy.feed().submit(carol.id(), new PaperId("2503.10003"), LocalDate.now(java.time.ZoneOffset.UTC));
        paperboy.votes().toggleUpvote(carol.id(), new PaperId("2503.10003"));
        String page = get("/trending").body();
        assertThat(page).contains("Trending papers").contains("Only announced").contains("<span class=\"upvote-count\">1</span>")
                .contains("href=\"/feeds/trending.atom\"");
        assertThat(get("/feeds/trending.atom").body()).contains("Only announced");
    }

    private static Paper paper(String id, String title, LocalDate announced) {
        return new Paper(new PaperId(id), 1, title, "An abstract.", List.of("A. Author"), List.of("cs.CL"), null,
                null, null, null, null, null, announced);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBusyDaysAnnouncedListComesInPages() throws Exception {
        List<Paper> busy = new java.util.ArrayList<>();
        for (int n = 0; n < DailyPages.ANNOUNCED_PAGE_SIZE + 5; n++) {
            Paper p = org.paperboy.testing.TestPapers.paper(String.format("2504.%05d", n));
            busy.add(new Paper(p.id(), 1, "Busy day paper " + n, p.abstractText(), p.authors(), p.categories(), null,
                    null, null, null, null, null, LocalDate.of(2025, 4, 1)));
        }
        paperboy.catalog().upsert(busy);

        String first = get("/daily?date=2025-04-01").body();
        String second = get("/daily?date=2025-04-01&page=2").body();

        assertThat(first).contains("Announced on arXiv (25 papers)").contains("Busy day paper 0<")
                .doesNotContain("Busy day paper 20<").contains("href=\"/daily?date=2025-04-01&page=2#announced\"");
        assertThat(second).contains("Busy day paper 20<").contains("Busy day paper 24<").doesNotContain("Busy day paper 19<");
        assertThat(get("/daily?date=2025-04-01&page=3").statusCode()).isEqualTo(400);
        assertThat(get("/daily?date=2025-04-01&page=0").body()).as("pages count from 1").contains("page must be a number from 1 to 2");
    }
}
