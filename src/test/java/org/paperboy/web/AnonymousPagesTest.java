package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
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

/**
 * The daily page as anonymous visitors get it, from bytes kept between views ({@link AnonymousPages}): what this
 * process writes shows on the next view, another process's write within {@link AnonymousPages#MAX_AGE}, and members
 * see their own votes. Each test has its own day, so that they do not see each other's writes.
 */
class AnonymousPagesTest {

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;
    private static User ada;
    private static User bob;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none"));
        ada = paperboy.members().createUser("ada", "Ada Lovelace", null, "hash", Role.MEMBER);
        bob = paperboy.members().createUser("bob", "Bob", null, "hash", Role.MEMBER);
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        server.close();
        paperboy.close();
    }

    @Test
    void aVoteASubmissionACommentAndANewPaperShowOnTheNextAnonymousView() throws Exception {
        LocalDate day = LocalDate.of(2025, 4, 1);
        paperboy.catalog().upsert(List.of(paper("2504.00001", "First of the day", day)));
        String page = "/daily?date=" + day;
        assertThat(anonymous(page)).contains("First of the day").doesNotContain("submitted by");
        assertThat(anonymous(page)).as("kept").contains("First of the day");

        paperboy.feed().submit(bob.id(), new PaperId("2504.00001"), day);
        assertThat(anonymous(page)).contains("submitted by <a href=\"/users/bob\">Bob</a>");

        paperboy.votes().toggleUpvote(ada.id(), new PaperId("2504.00001"));
        assertThat(anonymous(page)).contains("<span class=\"upvote-count\">1</span>");

        paperboy.comments().addComment(ada.id(), new PaperId("2504.00001"), null, "Worth reading.");
        assertThat(anonymous(page)).contains("1 comment");

        paperboy.catalog().upsert(List.of(paper("2504.00002", "Announced later", day)));
        assertThat(anonymous(page)).contains("Announced later");
    }

    @Test
    void aMemberSeesTheirOwnVoteWhileAnonymousVisitorsShareOnePage() throws Exception {
        LocalDate day = LocalDate.of(2025, 4, 2);
        paperboy.catalog().upsert(List.of(paper("2504.00011", "Voted on", day)));
        paperboy.votes().toggleUpvote(ada.id(), new PaperId("2504.00011"));
        String page = "/daily?date=" + day;
        assertThat(anonymous(page)).contains("id=\"login-link\"").doesNotContain("upvote-button");

        String adas = member(page, ada);
        assertThat(adas).contains("upvote-button upvoted").contains("aria-pressed=\"true\"")
                .doesNotContain("id=\"login-link\"");
        String bobs = member(page, bob);
        assertThat(bobs).contains("aria-pressed=\"false\"").doesNotContain("upvote-button upvoted");
        assertThat(anonymous(page)).as("the members' pages are not kept for others")
                .contains("id=\"login-link\"").doesNotContain("upvote-button");
    }

    @Test
    void theKeptPageIsByteForByteAFreshRender() throws Exception {
        LocalDate day = LocalDate.of(2025, 4, 3);
        paperboy.catalog().upsert(List.of(paper("2504.00021", "Ünïcode & <escaping> — 日本語", day)));
        paperboy.feed().submit(ada.id(), new PaperId("2504.00021"), day);
        for (String page : List.of("/daily?date=" + day, "/daily?date=" + day + "&sort=published",
                "/daily?date=" + day + "&cat=cs.CL", "/daily?week=2025-W14", "/daily?month=2025-04")) {
            byte[] first = anonymousBytes(page);
            byte[] kept = anonymousBytes(page);
            // A visitor holding a form token is rendered afresh on every view, and shown the same page.
            HttpResponse<byte[]> fresh = HTTP.send(request(page).header("Cookie", "paperboy_csrf=token").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(kept).as(page).isEqualTo(first).isEqualTo(fresh.body());
        }
        assertThat(anonymous("/daily?date=" + day)).contains("&lt;escaping&gt;").contains("日本語");
        assertThat(HTTP.send(request("/daily?cat=xx.NOPE").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("errors are not kept as pages").isEqualTo(404);
    }

    @Test
    void anotherProcesssWriteShowsWithinTheMaximumAge() throws Exception {
        LocalDate day = LocalDate.of(2025, 4, 4);
        paperboy.catalog().upsert(List.of(paper("2504.00031", "Picked by Hedy", day)));
        User hedy = paperboy.members().createUser("hedy", "Hedy", null, "hash", Role.MEMBER);
        paperboy.feed().submit(hedy.id(), new PaperId("2504.00031"), day);
        String page = "/daily?date=" + day;
        String adasSession = paperboy.sessions().start(ada).token(); // before the page is kept: signing in writes
        assertThat(anonymous(page)).contains(">Hedy</a>");

        // Written beside this process's transactions, as another server on the same store or a command would.
        try (Connection c = paperboy.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE users SET display_name = 'Hedy Lamarr' WHERE username = 'hedy'");
        }
        assertThat(member(page, adasSession)).as("rendered for the member").contains(">Hedy Lamarr</a>");
        assertThat(anonymous(page)).as("the kept page, until it is a second old").contains(">Hedy</a>");
        Thread.sleep(AnonymousPages.MAX_AGE.toMillis() + 100);
        assertThat(anonymous(page)).contains(">Hedy Lamarr</a>");
    }

    private static Paper paper(String id, String title, LocalDate announced) {
        return new Paper(new PaperId(id), 1, title, "An abstract.", List.of("A. Author"), List.of("cs.CL"), null,
                null, null, null, null, null, announced);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private static String anonymous(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static byte[] anonymousBytes(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static String member(String path, User user) throws Exception {
        return member(path, paperboy.sessions().start(user).token());
    }

    private static String member(String path, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(request(path).header("Cookie", "paperboy_session=" + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
