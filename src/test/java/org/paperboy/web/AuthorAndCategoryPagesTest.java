package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.testing.WebClient;

/** Author and category pages, their feeds, the daily page's category filter and the search's, on the real server. */
class AuthorAndCategoryPagesTest {

    static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

    @TempDir
    static Path dataDir;
    static Paperboy paperboy;
    static WebServer server;

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults().with(Key.DATA_DIR, dataDir.toString()).with(Key.HTTP_PORT, "0")
                .with(Key.ARXIV_HARVEST, "false").with(Key.EMBEDDING_PROVIDER, "none"));
        paperboy.catalog().upsert(List.of(
                paper("2601.00001", "Convolutional networks for digits", List.of("Yann LeCun", "Léon Bottou"),
                        List.of("cs.CV", "cs.LG"), MONDAY),
                paper("2601.00002", "Gradient-based learning applied to documents",
                        List.of("Yann LeCun", "Léon Bottou", "Yoshua Bengio"), List.of("cs.LG"), MONDAY.plusDays(1)),
                paper("2601.00003", "Energy-based models of language", List.of("Geoffrey Hinton", "Yann LeCun"),
                        List.of("cs.CL"), MONDAY.plusDays(2)),
                paper("2601.00004", "Legged robots that climb stairs", List.of("Marc Raibert"), List.of("cs.RO"),
                        MONDAY.plusDays(2))));
        paperboy.indexSync().catchUp(seq -> { });
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        server.close();
        paperboy.close();
    }

    static Paper paper(String id, String title, List<String> authors, List<String> categories, LocalDate announced) {
        Instant submitted = announced.minusDays(2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return new Paper(PaperId.parseArxiv(id).id(), 1, title, "We study " + title.toLowerCase() + ".", authors,
                categories, null, null, null, null, submitted, submitted, announced);
    }

    @Test
    void anAuthorPageListsTheirPapersNewestFirstWithCoauthorsAndCategories() {
        HttpResponse<String> page = new WebClient(server.port()).get(Links.author("Yann LeCun"));

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("<h1>Yann LeCun</h1>", "3 papers");
        assertThat(body.indexOf("Energy-based models of language"))
                .isLessThan(body.indexOf("Gradient-based learning applied to documents"));
        assertThat(body.indexOf("Gradient-based learning applied to documents"))
                .isLessThan(body.indexOf("Convolutional networks for digits"));
        assertThat(body).doesNotContain("Legged robots");
        assertThat(body).contains("<a href=\"/authors/L%C3%A9on%20Bottou\">Léon Bottou</a> <span class=\"count\">(2)</span>",
                "<a href=\"/authors/Yoshua%20Bengio\">Yoshua Bengio</a>", "href=\"/categories/cs.LG\"");
        assertThat(body.indexOf("Léon Bottou</a>")).as("most frequent co-author first")
                .isLessThan(body.indexOf("Geoffrey Hinton</a>"));
        assertThat(body).contains("href=\"/authors/Yann%20LeCun/feed.atom\"", "Log in</a> to follow");
    }

    @Test
    void aNameNoPaperListsIsNotFoundAndTheStoredSpellingIsOffered() {
        HttpResponse<String> page = new WebClient(server.port()).get("/authors/yann%20lecun");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("No paper in the catalog lists an author named “yann lecun”",
                "Did you mean", "<a href=\"/authors/Yann%20LeCun\">Yann LeCun</a>");
        assertThat(new WebClient(server.port()).get("/authors/Nobody%20At%20All").body())
                .contains("Search the catalog for this name");
        assertThat(new WebClient(server.port()).get("/authors/Nobody/feed.atom").statusCode()).isEqualTo(404);
    }

    @Test
    void anAuthorsFeedIsValidAtomOfTheirPapersNewestFirst() throws Exception {
        HttpResponse<String> response = new WebClient(server.port()).get("/authors/Yann%20LeCun/feed.atom");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        SyndFeed feed = new SyndFeedInput().build(new StringReader(response.body()));
        assertThat(feed.getTitle()).isEqualTo("Paperboy: papers by Yann LeCun");
        assertThat(feed.getEntries()).extracting(SyndEntry::getTitle).containsExactly("Energy-based models of language",
                "Gradient-based learning applied to documents", "Convolutional networks for digits");
    }

    @Test
    void membersFollowAndUnfollowAnAuthor() {
        WebClient ada = new WebClient(server.port());
        assertThat(ada.signUp("ada", "correct horse battery").statusCode()).isEqualTo(303);
        long adaId = paperboy.members().findUser("ada").orElseThrow().id();
        assertThat(ada.get(Links.author("Yann LeCun")).body()).contains(">Follow</button>");

        assertThat(ada.post("/authors/Yann%20LeCun/follow", Map.of()).statusCode()).isEqualTo(303);
        assertThat(paperboy.alerts().follows().followedBy(adaId)).containsExactly("Yann LeCun");
        assertThat(ada.get(Links.author("Yann LeCun")).body()).contains("Following · unfollow");
        assertThat(ada.get("/alerts").body()).contains("<a href=\"/authors/Yann%20LeCun\">Yann LeCun</a>");

        assertThat(ada.post("/authors/Yann%20LeCun/unfollow", Map.of()).statusCode()).isEqualTo(303);
        assertThat(paperboy.alerts().follows().followedBy(adaId)).isEmpty();
        assertThat(ada.post("/authors/Nobody%20At%20All/follow", Map.of()).statusCode()).isEqualTo(404);
        assertThat(ada.postRaw("/authors/Yann%20LeCun/follow", Map.of()).statusCode()).as("no form token")
                .isEqualTo(403);
    }

    @Test
    void aCategoryPageShowsItsNameTheDaysPapersAndTheCommunitysPicks() {
        WebClient grace = new WebClient(server.port());
        grace.signUp("grace", "correct horse battery");
        long graceId = paperboy.members().findUser("grace").orElseThrow().id();
        paperboy.feed().submit(graceId, PaperId.parseArxiv("2601.00001").id(), MONDAY.plusDays(1));

        String cv = grace.get("/categories/cs.CV?date=" + MONDAY.plusDays(1)).body();
        assertThat(cv).contains("Computer Vision and Pattern Recognition", "Convolutional networks for digits");
        String lg = grace.get("/categories/cs.LG?date=" + MONDAY.plusDays(1)).body();
        assertThat(lg).contains("Machine Learning", "Announced on arXiv on " + MONDAY.plusDays(1) + " (1 paper)",
                "Gradient-based learning applied to documents", "Convolutional networks for digits");
        String latest = grace.get("/categories/cs.CL").body();
        assertThat(latest).contains("Energy-based models of language").doesNotContain("Legged robots");

        HttpResponse<String> lowerCase = new WebClient(server.port()).request("GET", "/categories/cs.cl");
        assertThat(lowerCase.statusCode()).isEqualTo(301);
        assertThat(lowerCase.headers().firstValue("Location")).hasValue("/categories/cs.CL");
    }

    @Test
    void anUnknownCategoryIsNotFoundWithWhatWasMeant() {
        HttpResponse<String> page = new WebClient(server.port()).get("/categories/robotics");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("no category 'robotics'; did you mean cs.RO Robotics?");
    }

    @Test
    void aCategoryFeedIsValidAtomOfItsNewestPapers() throws Exception {
        HttpResponse<String> response = new WebClient(server.port()).get("/categories/cs.LG/feed.atom");

        SyndFeed feed = new SyndFeedInput().build(new StringReader(response.body()));
        assertThat(feed.getTitle()).isEqualTo("Paperboy: new in cs.LG Machine Learning");
        assertThat(feed.getEntries()).extracting(SyndEntry::getTitle)
                .containsExactly("Gradient-based learning applied to documents", "Convolutional networks for digits");
    }

    @Test
    void theDailyPageCanBeFilteredByCategory() {
        String all = new WebClient(server.port()).get("/daily?date=" + MONDAY.plusDays(2)).body();
        assertThat(all).contains("Legged robots that climb stairs", "Energy-based models of language",
                "<select name=\"cat\">", "<option value=\"cs.RO\">cs.RO Robotics (1)</option>")
                .as("the filter offers the day's categories, not every category of the catalog")
                .doesNotContain("<option value=\"cs.CV\">");

        String robots = new WebClient(server.port()).get("/daily?date=" + MONDAY.plusDays(2) + "&cat=cs.RO").body();
        assertThat(robots).contains("Legged robots that climb stairs", "<option value=\"cs.RO\" selected>")
                .doesNotContain("Energy-based models of language");
        assertThat(new WebClient(server.port()).get("/daily?cat=robotics").statusCode()).isEqualTo(404);
    }

    @Test
    void theFilteredDailyPagesNextAnnouncedPageKeepsTheFilter() {
        LocalDate sunday = MONDAY.minusDays(1);
        paperboy.catalog().upsert(java.util.stream.IntStream.range(0, 21).mapToObj(n -> paper(
                String.format("2601.%05d", 100 + n), "Control paper " + n, List.of("Karl Åström"), List.of("eess.SY"),
                sunday)).toList());

        String first = new WebClient(server.port()).get("/daily?date=" + sunday + "&cat=eess.SY").body();
        assertThat(first).contains("href=\"/daily?date=" + sunday + "&amp;cat=eess.SY&page=2#announced\"");
    }

    @Test
    void theSearchOffersTheCatalogsCategoriesAndSaysWhenOneDoesNotExist() {
        String empty = new WebClient(server.port()).get("/search").body();
        assertThat(empty).contains("list=\"categories\"",
                "<option value=\"cs.LG\">cs.LG Machine Learning</option>", "<option value=\"cs.RO\">cs.RO Robotics</option>");

        String unknown = new WebClient(server.port()).get("/search?q=stairs&cat=robotics").body();
        assertThat(unknown).contains("No category 'robotics'; did you mean cs.RO Robotics?")
                .doesNotContain("No papers match");
        assertThat(new WebClient(server.port()).get("/search?q=stairs&cat=cs.RO").body())
                .contains("Legged robots that climb");

        HttpResponse<String> api = new WebClient(server.port()).get("/api/papers/search?q=stairs&cat=robotics");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("did you mean cs.RO Robotics?");
    }
}
