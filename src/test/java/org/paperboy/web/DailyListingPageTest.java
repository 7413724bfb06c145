package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Announcement;
import org.paperboy.catalog.Announcements;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;

/** The "Announced on arXiv" list of a day: arXiv's order, each paper labelled, estimates marked; over a real server. */
class DailyListingPageTest {

    private static final LocalDate DAY = LocalDate.parse("2025-08-20");
    private static final LocalDate ESTIMATED_DAY = LocalDate.parse("2025-08-26");
    private static final Pattern LABELLED = Pattern.compile(
            "<span class=\"label-announce\">([^<]+)</span>(?: <span class=\"meta\">announced on <time[^>]*>([^<]+)</time> \\(estimated\\)</span>)?"
                    + "</p>\\s*<h3><a href=\"/papers/([^\"]+)\">");

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none"));
        paperboy.catalog().upsert(List.of(paper("2508.00009", DAY), paper("2508.00001", null), paper("2508.00002", null),
                paper("2508.00003", null), paper("2501.00007", LocalDate.parse("2025-01-07")),
                paper("2402.00008", LocalDate.parse("2024-02-08")), paper("2508.00004", null)));
        Announcements announcements = new Announcements(paperboy.catalog());
        announcements.recordListing(List.of(listed("2402.00008", 3, AnnounceType.REPLACE_CROSS, DAY),
                listed("2508.00003", 1, AnnounceType.CROSS, DAY), listed("2501.00007", 2, AnnounceType.REPLACE, DAY),
                listed("2508.00002", 1, AnnounceType.NEW, DAY), listed("2508.00001", 1, AnnounceType.CROSS, DAY)));
        announcements.recordEstimates(List.of(listed("2508.00004", 1, AnnounceType.NEW, ESTIMATED_DAY),
                listed("2501.00007", 3, AnnounceType.REPLACE, ESTIMATED_DAY)));
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        server.close();
        paperboy.close();
    }

    @Test
    void newSubmissionsComeFirstThenCrossListsThenReplacementsEachLabelled() throws Exception {
        String page = get("/daily?date=" + DAY);

        assertThat(page).contains("Announced on arXiv (6 papers)");
        assertThat(labels(page)).containsExactly(
                "2508.00002 New", "2508.00009 New",
                "2508.00001 Cross-list", "2508.00003 Cross-list",
                "2501.00007 Replacement", "2402.00008 Replacement");
    }

    @Test
    void anEstimatedDayIsMarkedSo() throws Exception {
        String page = get("/daily?date=" + ESTIMATED_DAY);

        assertThat(labels(page)).containsExactly("2508.00004 New estimated 2025-08-26", "2501.00007 Replacement estimated 2025-08-26");
        assertThat(page).contains("announced on <time datetime=\"2025-08-26\">2025-08-26</time> (estimated)");
        assertThat(get("/daily?date=" + DAY)).doesNotContain("(estimated)");
    }

    @Test
    void aBusyDaysListComesInPagesInListingOrder() throws Exception {
        LocalDate busyDay = LocalDate.parse("2025-09-02");
        List<Paper> papers = new ArrayList<>();
        List<Announcement> listing = new ArrayList<>();
        for (int n = 0; n < DailyPages.ANNOUNCED_PAGE_SIZE + 5; n++) {
            String id = String.format("2509.%05d", n);
            papers.add(paper(id, null));
            // the last five are new submissions: they come first, on the first page
            listing.add(listed(id, 1, n >= DailyPages.ANNOUNCED_PAGE_SIZE ? AnnounceType.NEW : AnnounceType.CROSS, busyDay));
        }
        paperboy.catalog().upsert(papers);
        new Announcements(paperboy.catalog()).recordListing(listing);

        List<String> first = labels(get("/daily?date=" + busyDay));
        List<String> second = labels(get("/daily?date=" + busyDay + "&page=2"));

        assertThat(first).hasSize(DailyPages.ANNOUNCED_PAGE_SIZE).startsWith("2509.00020 New", "2509.00021 New")
                .contains("2509.00024 New", "2509.00000 Cross-list").endsWith("2509.00014 Cross-list");
        assertThat(second).containsExactly("2509.00015 Cross-list", "2509.00016 Cross-list", "2509.00017 Cross-list",
                "2509.00018 Cross-list", "2509.00019 Cross-list");
    }

    /** Each labelled entry of a page as "ID LABEL[ estimated DAY]", in page order. */
    private static List<String> labels(String page) {
        List<String> labels = new ArrayList<>();
        Matcher m = LABELLED.matcher(page);
        while (m.find()) {
            labels.add(m.group(3) + " " + m.group(1) + (m.group(2) == null ? "" : " estimated " + m.group(2)));
        }
        return labels;
    }

    private static Paper paper(String id, LocalDate announced) {
        return new Paper(new PaperId(id), 1, "Paper " + id, "An abstract.", List.of("A. Author"), List.of("cs.AI"), null,
                null, null, null, null, null, announced);
    }

    private static Announcement listed(String id, int version, AnnounceType type, LocalDate day) {
        return new Announcement(new PaperId(id), version, type, day);
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
