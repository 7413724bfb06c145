package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.paperboy.config.Settings;
import org.paperboy.testing.WebClient;

/**
 * A fresh install, as {@code paperboy demo} leaves it: papers announced months ago and no community picks. No page
 * opens empty: each shows the announced papers of its period and says that they stand in for picks.
 */
class FreshInstallFallbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;
    private static WebClient web;

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none"));
        paperboy.catalog().upsert(List.of(
                paper("2505.10001", "A paper of May", LocalDate.of(2025, 5, 20)),
                paper("2506.10001", "Early in the week", LocalDate.of(2025, 6, 2)),
                paper("2506.10002", "Latest announced paper", LocalDate.of(2025, 6, 4))));
        server = WebServer.start(paperboy);
        web = new WebClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
        paperboy.close();
    }

    @Test
    void theDailyPageWithoutADateOpensOnTheLatestAnnouncedDay() {
        String page = web.get("/daily").body();
        assertThat(page).contains("Wed 2025-06-04").contains("Latest announced paper")
                .doesNotContain("Early in the week");
    }

    @Test
    void aWeekWithoutPicksShowsItsAnnouncedPapersAndSaysSo() {
        String page = web.get("/daily?week=2025-W23").body();
        assertThat(page).contains("No picks yet this week — showing the papers announced on arXiv.")
                .contains("Announced on arXiv (2 papers)").contains("Latest announced paper").contains("Early in the week")
                .doesNotContain("A paper of May");
        assertThat(page.indexOf("Latest announced paper")).as("newest first").isLessThan(page.indexOf("Early in the week"));
    }

    @Test
    void aMonthWithoutPicksShowsItsAnnouncedPapersAndSaysSo() {
        assertThat(web.get("/daily?month=2025-05").body())
                .contains("No picks yet this month — showing the papers announced on arXiv.").contains("A paper of May")
                .doesNotContain("Latest announced paper");
    }

    @Test
    void trendingWithoutPicksShowsArxivsLastWeekOfAnnouncements() {
        String page = web.get("/trending").body();
        assertThat(page).contains("No picks yet this week — showing the papers announced on arXiv from 2025-05-29 to 2025-06-04.")
                .contains("Latest announced paper").contains("Early in the week").doesNotContain("A paper of May");
    }

    @Test
    void theApiWithoutADateAnswersWithTheLatestDaysAnnouncedPapersInTheUsualShape() throws Exception {
        JsonNode entries = JSON.readTree(web.get("/api/daily_papers").body());
        assertThat(entries).hasSize(1);
        JsonNode entry = entries.get(0);
        assertThat(entry.path("paper").path("id").asText()).isEqualTo("2506.10002");
        assertThat(entry.path("title").asText()).isEqualTo("Latest announced paper");
        assertThat(entry.path("submittedOnDailyAt").asText()).isEqualTo("2025-06-04T00:00:00.000Z");
        assertThat(entry.path("submittedOnDailyBy").path("user").asText()).isEqualTo("arxiv");
        assertThat(entry.path("numComments").isInt()).isTrue();
        assertThat(JSON.readTree(web.get("/api/daily_papers?p=1").body())).isEmpty();
        assertThat(JSON.readTree(web.get("/api/daily_papers?date=2025-06-04").body())).as("a date asks for picks").isEmpty();
    }

    private static Paper paper(String id, String title, LocalDate announced) {
        return new Paper(new PaperId(id), 1, title, "An abstract.", List.of("A. Author"), List.of("cs.CL"), null,
                null, null, null, null, null, announced);
    }
}
