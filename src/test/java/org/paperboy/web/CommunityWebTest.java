package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Comment;
import org.paperboy.community.Passwords;
import org.paperboy.community.Role;
import org.paperboy.config.Settings;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivStandIn;
import org.paperboy.testing.WebClient;

/**
 * Accounts, submissions, upvotes and comments through the real server over HTTP, as a browser (cookies, forms, CSRF
 * tokens) and as an API client (bearer tokens). Each test signs up members of its own, so tests do not interfere.
 */
class CommunityWebTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final Instant NOW = Instant.now();

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;
    /** Has none of the papers the tests submit that the catalog lacks. */
    private static ArxivServer arxiv;
    private static int nextPaper;

    @BeforeAll
    static void start() {
        arxiv = ArxivServer.start().route(new ArxivStandIn());
        Settings settings = Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.SUBMIT_DAILY_LIMIT, "3")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true")
                .with(Settings.Key.ARXIV_OAI_URL, arxiv.baseUrl() + "/oai")
                .with(Settings.Key.ARXIV_API_URL, arxiv.baseUrl() + "/api")
                .with(Settings.Key.ARXIV_REQUEST_INTERVAL, "0");
        paperboy = Paperboy.open(settings);
        List<Paper> papers = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            papers.add(paper(String.format("2611.%05d", n), "Fresh paper " + n, NOW.minus(2, ChronoUnit.DAYS)));
        }
        papers.add(paper("2401.00001", "An old paper", Instant.parse("2024-01-02T10:00:00Z")));
        paperboy.catalog().upsert(papers);
        server = WebServer.start(paperboy);
    }

    private static Paper paper(String id, String title, Instant submitted) {
        return new Paper(new PaperId(id), 1, title, "An abstract about " + title + ".", List.of("Ada Lovelace"),
                List.of("cs.LG"), null, null, null, null, submitted, submitted,
                LocalDate.ofInstant(submitted, ZoneOffset.UTC).plusDays(1));
    }

    /** A paper no other test has touched. */
    private static synchronized String freshPaper() {
        return String.format("2611.%05d", nextPaper++);
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

    private static WebClient client() {
        return new WebClient(server.port());
    }

    private static WebClient member(String username) {
        WebClient client = client();
        assertThat(client.signUp(username, PASSWORD).statusCode()).isEqualTo(303);
        return client;
    }

    // --- accounts and sessions ---------------------------------------------------------------------------------

    @Test
    void signingUpSignsInWithAHardenedSessionCookie() {
        WebClient browser = client();
        HttpResponse<String> form = browser.get("/signup");
        assertThat(form.body()).contains("id=\"signup-form\"");
        assertThat(form.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("paperboy_csrf=")
                .contains("HttpOnly").contains("SameSite=Lax"));

        HttpResponse<String> signedUp = browser.post("/signup", Map.of("username", "Grace", "display_name", "Grace Hopper",
                "email", "grace@example.org", "password", PASSWORD));

        assertThat(signedUp.statusCode()).isEqualTo(303);
        assertThat(signedUp.headers().firstValue("Location")).hasValue("/daily");
        String cookie = signedUp.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("paperboy_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Secure");
        String daily = browser.get("/daily").body();
        assertThat(daily).contains("id=\"profile-link\" href=\"/users/grace\">grace</a>").contains("id=\"logout\"")
                .doesNotContain("id=\"login-link\"");
        assertThat(paperboy.members().findUser("grace").orElseThrow().displayName()).isEqualTo("Grace Hopper");
    }

    @Test
    void behindAnHttpsProxyTheCookiesAreSecure() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/signup"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "10.9.9.9").build();
        HttpResponse<String> form = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(form.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("paperboy_csrf=")
                .contains("Secure").contains("HttpOnly"));
    }

    @Test
    void signUpRefusesBadInputWithAMessageAndKeepsTheForm() {
        WebClient browser = client();
        browser.get("/signup");
        HttpResponse<String> badName = browser.post("/signup", Map.of("username", "no spaces!", "password", PASSWORD));
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("class=\"form-error").contains("2 to 32 characters");
        HttpResponse<String> shortPassword = browser.post("/signup", Map.of("username", "shorty", "password", "abc"));
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(shortPassword.body()).contains("at least 8").contains("value=\"shorty\"");
        member("taken");
        HttpResponse<String> taken = browser.post("/signup", Map.of("username", "taken", "password", PASSWORD));
        assertThat(taken.statusCode()).isEqualTo(409);
        HttpResponse<String> huge = browser.post("/signup", Map.of("username", "x".repeat(10_000), "password", PASSWORD));
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(browser.cookie("paperboy_session")).isEmpty();
    }

    @Test
    void signingUpWithARegisteredEmailLooksLikeSigningUpWithANewOne() {
        WebClient owner = client();
        owner.get("/signup");
        owner.post("/signup", Map.of("username", "lin", "email", "Lin@example.org", "password", PASSWORD));

        HttpResponse<String> registered = signUpWithEmail("lin2", "lIN@EXAMPLE.org");
        HttpResponse<String> fresh = signUpWithEmail("lin3", "lin3@example.org");

        assertThat(registered.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(303);
        assertThat(registered.headers().firstValue("Location")).isEqualTo(fresh.headers().firstValue("Location"));
        assertThat(cookiesWithoutValues(registered)).isEqualTo(cookiesWithoutValues(fresh)).isNotEmpty();
        assertThat(registered.body()).isEqualTo(fresh.body());
        assertThat(paperboy.members().findUser("lin").orElseThrow().email()).isEqualTo("Lin@example.org");
        assertThat(paperboy.members().findUser("lin2").orElseThrow().email()).isNull();
        assertThat(paperboy.members().findUser("lin3").orElseThrow().email()).isEqualTo("lin3@example.org");
    }

    private static HttpResponse<String> signUpWithEmail(String username, String email) {
        WebClient browser = client();
        browser.get("/signup");
        return browser.post("/signup", Map.of("username", username, "email", email, "password", PASSWORD));
    }

    /** The cookies' names and attributes; values and the second an Expires falls on differ between any two answers. */
    private static List<String> cookiesWithoutValues(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.replaceFirst("=[^;]*", "=…").replaceFirst("(?i)(; *Expires=)[^;]*", "$1…"))
                .sorted().toList();
    }

    @Test
    void theMostCommonPasswordsAreRefusedWithAClearMessage() {
        WebClient browser = client();
        browser.get("/signup");
        HttpResponse<String> common = browser.post("/signup", Map.of("username", "commoner", "password", "Password1"));
        assertThat(common.statusCode()).isEqualTo(400);
        assertThat(common.body()).contains("class=\"form-error").contains("one of the most common")
                .contains("value=\"commoner\"");
        assertThat(paperboy.members().findUser("commoner")).isEmpty();
        assertThat(browser.cookie("paperboy_session")).isEmpty();
    }

    @Test
    void logInAndLogOut() {
        member("hedy");
        WebClient browser = client();
        browser.get("/login");
        HttpResponse<String> wrong = browser.post("/login", Map.of("username", "hedy", "password", "wrong password"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("wrong username or password");
        HttpResponse<String> unknown = browser.post("/login", Map.of("username", "nobody", "password", PASSWORD));
        assertThat(unknown.body()).as("the same answer for unknown users").contains("wrong username or password");

        HttpResponse<String> right = browser.post("/login", Map.of("username", "HEDY", "password", PASSWORD,
                "next", "/papers/2401.00001"));
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).hasValue("/papers/2401.00001");
        String session = browser.cookie("paperboy_session").orElseThrow().getValue();
        assertThat(browser.get("/daily").body()).contains("href=\"/users/hedy\"");

        assertThat(browser.post("/logout", Map.of()).statusCode()).isEqualTo(303);
        assertThat(browser.get("/daily").body()).contains("id=\"login-link\"");
        WebClient thief = client();
        thief.setCookie("paperboy_session", session);
        assertThat(thief.get("/daily").body()).as("a logged-out session is dead").contains("id=\"login-link\"");
    }

    @Test
    void loginNeverRedirectsToAnotherSite() {
        member("ida");
        for (String next : List.of("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)")) {
            WebClient browser = client();
            browser.get("/login");
            HttpResponse<String> response = browser.post("/login", Map.of("username", "ida", "password", PASSWORD, "next", next));
            assertThat(response.headers().firstValue("Location")).as(next).hasValue("/daily");
        }
    }

    @Test
    void anExpiredSessionIsRefused() throws Exception {
        WebClient browser = member("joan");
        paperboy.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE sessions SET expires_at = ? WHERE user_id = "
                    + "(SELECT user_id FROM users WHERE username = 'joan')")) {
                s.setLong(1, System.currentTimeMillis() - 1);
                return s.executeUpdate();
            }
        });
        assertThat(browser.get("/daily").body()).contains("id=\"login-link\"");
        assertThat(browser.post("/papers/2401.00001/upvote", Map.of()).statusCode()).isIn(303, 403);
        assertThat(paperboy.votes().upvotes(new PaperId("2401.00001"))).isZero();
    }

    @Test
    void aForgedSessionCookieIsJustAnonymous() {
        WebClient browser = client();
        browser.setCookie("paperboy_session", "forged-" + "x".repeat(40));
        assertThat(browser.get("/daily").statusCode()).isEqualTo(200);
        browser.setCookie("paperboy_session", "y".repeat(5000));
        assertThat(browser.get("/daily").body()).contains("id=\"login-link\"");
    }

    // --- CSRF ---------------------------------------------------------------------------------------------------

    @Test
    void everyStateChangeNeedsTheSessionsCsrfToken() {
        WebClient ada = member("csrfada");
        String paper = freshPaper();
        ada.get("/papers/" + paper);

        List<HttpResponse<String>> forged = List.of(
                ada.postRaw("/papers/" + paper + "/upvote", Map.of()),
                ada.postRaw("/papers/" + paper + "/upvote", Map.of("csrf", "guessed")),
                ada.postRaw("/papers/" + paper + "/upvote", Map.of("csrf", ada.csrf()), "Sec-Fetch-Site", "cross-site"),
                ada.postRaw("/papers/" + paper + "/comments", Map.of("body", "forged")),
                ada.postRaw("/submit", Map.of("paper", paper)),
                ada.postRaw("/logout", Map.of()));

        assertThat(forged).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("reload the page and try again");
        });
        PaperId id = new PaperId(paper);
        assertThat(paperboy.votes().upvotes(id)).isZero();
        assertThat(paperboy.comments().comments(id)).isEmpty();
        assertThat(paperboy.feed().submissionOf(id)).isEmpty();
        assertThat(ada.get("/daily").body()).as("still signed in").contains("id=\"logout\"");
    }

    @Test
    void theLoginFormIsProtectedBeforeThereIsASession() {
        member("victim");
        WebClient attacker = client();
        HttpResponse<String> response = attacker.postRaw("/login", Map.of("username", "victim", "password", PASSWORD,
                "csrf", "made-up"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(attacker.cookie("paperboy_session")).isEmpty();
    }

    // --- submitting ---------------------------------------------------------------------------------------------

    @Test
    void aMemberSubmitsAPaperByUrlAndItAppearsOnTodaysFeed() {
        WebClient ada = member("submitter");
        String paper = freshPaper();
        assertThat(ada.get("/submit").body()).contains("id=\"submit-form\"");

        HttpResponse<String> submitted = ada.post("/submit", Map.of("paper", "https://arxiv.org/abs/" + paper + "v1"));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(submitted.statusCode()).isEqualTo(303);
        assertThat(submitted.headers().firstValue("Location")).hasValue("/daily?date=" + today + "#paper-" + paper);
        String feed = ada.get("/daily?date=" + today).body();
        assertThat(feed).contains("href=\"/papers/" + paper + "\"").contains("submitted by <a href=\"/users/submitter\">");
        assertThat(ada.get("/papers/" + paper).body()).contains("by <a href=\"/users/submitter\">submitter</a>")
                .contains("<a href=\"/daily?date=" + today + "\">daily papers of " + today + "</a>");
        assertThat(ada.get("/users/submitter").body()).contains("Submissions (1)").contains(paper);
    }

    @Test
    void submittingFollowsTheRules() {
        WebClient ada = member("rulebound");
        ada.get("/submit");
        String first = freshPaper();
        assertThat(ada.post("/submit", Map.of("paper", first)).statusCode()).isEqualTo(303);

        WebClient latecomer = member("latecomer");
        latecomer.get("/submit");
        HttpResponse<String> again = latecomer.post("/submit", Map.of("paper", first));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("class=\"form-error").contains("has already been submitted");
        HttpResponse<String> old = ada.post("/submit", Map.of("paper", "2401.00001"));
        assertThat(old.statusCode()).isEqualTo(400);
        assertThat(old.body()).contains("only papers from the last 14 days");
        HttpResponse<String> unknown = ada.post("/submit", Map.of("paper", "2611.99999"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("arXiv has no paper 2611.99999");
        HttpResponse<String> garbage = ada.post("/submit", Map.of("paper", "<script>alert(1)</script>"));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("is not an arXiv id").doesNotContain("<script>alert(1)</script>");

        assertThat(ada.post("/submit", Map.of("paper", freshPaper())).statusCode()).isEqualTo(303);
        assertThat(ada.post("/submit", Map.of("paper", freshPaper())).statusCode()).isEqualTo(303);
        HttpResponse<String> overCap = ada.post("/submit", Map.of("paper", freshPaper()));
        assertThat(overCap.statusCode()).isEqualTo(400);
        assertThat(overCap.body()).contains("the daily limit");
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginForm() {
        WebClient anonymous = client();
        HttpResponse<String> submit = anonymous.get("/submit");
        assertThat(submit.statusCode()).isEqualTo(303);
        assertThat(submit.headers().firstValue("Location")).hasValue("/login?next=%2Fsubmit");
        assertThat(anonymous.get("/papers/2401.00001").body()).contains("Log in</a> to join the discussion")
                .doesNotContain("id=\"comment-form\"");
    }

    @Test
    void curatorsRemoveSubmissionsAndMembersCannot() {
        WebClient ada = member("poster");
        String paper = freshPaper();
        ada.get("/submit");
        ada.post("/submit", Map.of("paper", paper));
        WebClient bob = member("bystander");
        bob.get("/daily");
        assertThat(bob.post("/papers/" + paper + "/remove", Map.of()).statusCode()).isEqualTo(403);

        paperboy.members().createUser("curator", "Cura", null, Passwords.hash(PASSWORD), Role.CURATOR);
        WebClient curator = client();
        curator.logIn("curator", PASSWORD);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(curator.get("/daily?date=" + today).body()).contains("Remove from the feed");
        HttpResponse<String> removed = curator.post("/papers/" + paper + "/remove", Map.of("back", "/daily?date=" + today));

        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(paperboy.feed().submissionOf(new PaperId(paper))).isEmpty();
        assertThat(curator.get("/daily?date=" + today).body()).doesNotContain("href=\"/papers/" + paper + "\"");
    }

    @Test
    void adminsPromoteCuratorsAndDisableAccounts() {
        paperboy.members().createUser("boss", "Boss", null, Passwords.hash(PASSWORD), Role.ADMIN);
        WebClient admin = client();
        admin.logIn("boss", PASSWORD);
        WebClient troll = member("troll");
        troll.get("/daily");
        assertThat(troll.post("/users/troll/role", Map.of("role", "admin")).statusCode()).as("members cannot").isEqualTo(403);

        assertThat(admin.get("/users/troll").body()).contains("Change role").contains("Disable the account");
        assertThat(admin.post("/users/troll/role", Map.of("role", "curator")).statusCode()).isEqualTo(303);
        assertThat(paperboy.members().findUser("troll").orElseThrow().role()).isEqualTo(Role.CURATOR);
        assertThat(admin.post("/users/troll/role", Map.of("role", "emperor")).statusCode()).isEqualTo(400);
        assertThat(admin.post("/users/troll/disable", Map.of("disabled", "true")).statusCode()).isEqualTo(303);

        assertThat(troll.get("/daily").body()).as("the session died with the account").contains("id=\"login-link\"");
        assertThat(troll.logIn("troll", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(admin.post("/users/boss/disable", Map.of("disabled", "true")).statusCode()).isEqualTo(400);
        admin.get("/users/troll");
        assertThat(admin.post("/users/troll/disable", Map.of("disabled", "false")).statusCode()).isEqualTo(303);
        assertThat(troll.logIn("troll", PASSWORD).statusCode()).isEqualTo(303);
    }

    // --- upvotes ------------------------------------------------------------------------------------------------

    @Test
    void anUpvoteTogglesAndReturnsToThePage() {
        WebClient ada = member("voter");
        String paper = freshPaper();
        ada.get("/papers/" + paper);

        HttpResponse<String> voted = ada.post("/papers/" + paper + "/upvote", Map.of("back", "/papers/" + paper));

        assertThat(voted.statusCode()).isEqualTo(303);
        assertThat(voted.headers().firstValue("Location")).hasValue("/papers/" + paper + "#paper-" + paper);
        String page = ada.get("/papers/" + paper).body();
        assertThat(page).contains("aria-pressed=\"true\"").contains("<span class=\"upvote-count\">1</span>");
        assertThat(client().get("/papers/" + paper).body()).as("others see the count, not the pressed button")
                .contains("<span class=\"upvote-count\">1</span>").doesNotContain("aria-pressed=\"true\"");
        ada.post("/papers/" + paper + "/upvote", Map.of("back", "https://evil.example/"));
        assertThat(paperboy.votes().upvotes(new PaperId(paper))).isZero();
        assertThat(ada.get("/users/voter").body()).contains("Upvoted (0)");
    }

    // --- comments -----------------------------------------------------------------------------------------------

    @Test
    void commentsAreSafeMarkdownInThreads() {
        WebClient ada = member("commenter");
        String paper = freshPaper();
        ada.get("/papers/" + paper);

        HttpResponse<String> posted = ada.post("/papers/" + paper + "/comments",
                Map.of("body", "**great** <script>alert(1)</script> [link](javascript:alert(2)) ![img](https://t.example/x.png)"));

        assertThat(posted.statusCode()).isEqualTo(303);
        long parent = commentId(posted);
        String page = ada.get("/papers/" + paper).body();
        String comment = page.substring(page.indexOf("id=\"comment-" + parent + "\""));
        String body = comment.substring(comment.indexOf("<div class=\"comment-body\">"), comment.indexOf("</div>"));
        assertThat(body).contains("<strong>great</strong>").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)").doesNotContain("javascript:").doesNotContain("<img")
                .contains("rel=\"nofollow ugc noopener\"");

        WebClient bob = member("replier");
        bob.get("/papers/" + paper);
        long reply = commentId(bob.post("/papers/" + paper + "/comments", Map.of("body", "A reply", "parent", Long.toString(parent))));
        page = ada.get("/papers/" + paper).body();
        assertThat(page).contains("class=\"comment depth-1\" id=\"comment-" + reply + "\"");
        assertThat(page.indexOf("comment-" + parent)).isLessThan(page.indexOf("comment-" + reply));

        assertThat(bob.post("/papers/" + paper + "/comments", Map.of("body", "   ")).statusCode()).isEqualTo(400);
        assertThat(bob.post("/papers/" + paper + "/comments", Map.of("body", "x".repeat(10_001))).statusCode()).isEqualTo(400);
        assertThat(bob.post("/papers/" + paper + "/comments", Map.of("body", "x", "parent", "abc")).statusCode()).isEqualTo(400);
        assertThat(bob.post("/papers/" + paper + "/comments", Map.of("body", "x", "parent", "99999999")).statusCode()).isEqualTo(404);
    }

    @Test
    void membersEditAndDeleteOnlyTheirOwnCommentsAndCuratorsModerate() {
        WebClient ada = member("author");
        String paper = freshPaper();
        ada.get("/papers/" + paper);
        long id = commentId(ada.post("/papers/" + paper + "/comments", Map.of("body", "First draft")));
        WebClient mallory = member("mallory");
        mallory.get("/papers/" + paper);

        assertThat(mallory.post("/comments/" + id + "/edit", Map.of("body", "Hijacked")).statusCode()).isEqualTo(403);
        assertThat(mallory.post("/comments/" + id + "/delete", Map.of()).statusCode()).isEqualTo(403);
        assertThat(ada.post("/comments/" + id + "/edit", Map.of("body", "Second draft")).statusCode()).isEqualTo(303);
        assertThat(ada.get("/papers/" + paper).body()).contains("Second draft").contains("edited").doesNotContain("Hijacked");

        long spam = commentId(mallory.post("/papers/" + paper + "/comments", Map.of("body", "Buy now")));
        paperboy.members().createUser("moderator", "Mod", null, Passwords.hash(PASSWORD), Role.CURATOR);
        WebClient curator = client();
        curator.logIn("moderator", PASSWORD);
        curator.get("/papers/" + paper);
        assertThat(curator.post("/comments/" + spam + "/delete", Map.of()).statusCode()).isEqualTo(303);
        assertThat(ada.get("/papers/" + paper).body()).doesNotContain("Buy now").contains("[deleted]");
        assertThat(ada.post("/comments/" + id + "/delete", Map.of()).statusCode()).isEqualTo(303);
        assertThat(ada.post("/comments/999999/delete", Map.of()).statusCode()).isEqualTo(404);
        assertThat(ada.post("/comments/abc/delete", Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void pagesWithATokenOrASecretAreNeverStored() {
        WebClient visitor = client();
        assertThat(visitor.get("/daily").headers().firstValue("Cache-Control")).as("nothing secret on it").isEmpty();
        assertThat(visitor.get("/login").headers().firstValue("Cache-Control")).as("the form's CSRF token").hasValue("no-store");
        assertThat(visitor.get("/signup").headers().firstValue("Cache-Control")).hasValue("no-store");

        WebClient ada = member("private");
        for (String path : List.of("/daily", "/users/private", "/submit", "/papers/" + freshPaper())) {
            assertThat(ada.get(path).headers().firstValue("Cache-Control")).as(path + ": the logout form's token")
                    .hasValue("no-store");
        }
        HttpResponse<String> newToken = ada.post("/users/private/tokens", Map.of("name", "bot"));
        assertThat(newToken.body()).contains("id=\"new-token\"");
        assertThat(newToken.headers().firstValue("Cache-Control")).as("an API token's secret").hasValue("no-store");
    }

    @Test
    void aCommentThatCannotBeRenderedIsRefusedBeforeItIsStored() throws Exception {
        WebClient ada = member("nester");
        String paper = freshPaper();
        ada.get("/papers/" + paper);
        long fine = commentId(ada.post("/papers/" + paper + "/comments", Map.of("body", "Fine")));
        String token = apiToken(ada, "nester");
        for (String hostile : List.of("> ".repeat(5000), "* ".repeat(936) + "x")) {
            HttpResponse<String> form = ada.post("/papers/" + paper + "/comments", Map.of("body", hostile));
            assertThat(form.statusCode()).isEqualTo(400);
            assertThat(form.body()).contains("levels deep");
            HttpResponse<String> api = ada.postJson("/api/papers/" + paper + "/comments",
                    JSON.writeValueAsString(Map.of("body", hostile)), token);
            assertThat(api.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(api.body()).path("error").asText()).contains("levels deep");
            HttpResponse<String> edit = ada.post("/comments/" + fine + "/edit", Map.of("body", hostile));
            assertThat(edit.statusCode()).isEqualTo(400);
            assertThat(edit.body()).contains("levels deep");
        }
        assertThat(paperboy.comments().comments(new PaperId(paper))).extracting(Comment::body).containsExactly("Fine");
        assertThat(ada.get("/papers/" + paper).statusCode()).isEqualTo(200);
    }

    @Test
    void thePaperPageAndItsCommentsApiAnswerWhateverTheCommentsAre() throws Exception {
        String paper = freshPaper();
        long member = paperboy.members().createUser("slowpoke", "Slow", null, "hash", Role.MEMBER).id();
        for (int i = 0; i < 10; i++) {
            paperboy.comments().addComment(member, new PaperId(paper), null, "<a".repeat(5000));
        }
        // as a server from before comments kept their HTML would have stored them
        for (String body : List.of("> ".repeat(5000), "* ".repeat(936) + "x", "[r]: https://x.example/"
                + "a".repeat(5000) + "\n\n" + "[r]".repeat(1600))) {
            paperboy.database().inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO comments (paper_id, user_id, body, created_at) "
                        + "VALUES (?, ?, ?, ?)")) {
                    s.setString(1, paper);
                    s.setLong(2, member);
                    s.setString(3, body);
                    s.setLong(4, System.currentTimeMillis());
                    return s.executeUpdate();
                }
            });
        }

        HttpResponse<String> page = client().get("/papers/" + paper);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("&lt;a&lt;a&lt;a").contains("<p>&gt; &gt; &gt; ").doesNotContain("<blockquote>");
        HttpResponse<String> api = client().get("/api/papers/" + paper + "/comments");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(api.body())).hasSize(13);
    }

    @Test
    void pagesShowTheHtmlStoredWhenTheCommentWasWritten() throws Exception {
        WebClient ada = member("stored");
        String paper = freshPaper();
        ada.get("/papers/" + paper);
        long id = commentId(ada.post("/papers/" + paper + "/comments", Map.of("body", "*rendered once*")));
        paperboy.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE comments SET body_html = ? WHERE comment_id = ?")) {
                s.setString(1, "<p>the stored HTML</p>");
                s.setLong(2, id);
                return s.executeUpdate();
            }
        });

        assertThat(ada.get("/papers/" + paper).body()).contains("<div class=\"comment-body\"><p>the stored HTML</p></div>")
                .doesNotContain("<em>rendered once</em>");
        JsonNode comments = JSON.readTree(client().get("/api/papers/" + paper + "/comments").body());
        assertThat(comments.get(0).path("bodyHtml").asText()).isEqualTo("<p>the stored HTML</p>");
        assertThat(comments.get(0).path("body").asText()).isEqualTo("*rendered once*");
    }

    @Test
    void commentLinksAreOnlyHttpHttpsAndMailto() {
        WebClient ada = member("linker");
        String paper = freshPaper();
        ada.get("/papers/" + paper);
        long id = commentId(ada.post("/papers/" + paper + "/comments", Map.of("body",
                "[a](data:text/html;base64,PHNjcmlwdD4=) [b](JavaScript:alert(1)) [c](vbscript:x) "
                        + "[d](java&#x09;script:alert(1)) <data:text/html,hi> ![e](data:image/png;base64,AA==) "
                        + "[f](https://ok.example/) [g](http://ok.example/) <mailto:ada@example.org>")));

        String page = ada.get("/papers/" + paper).body();
        String comment = page.substring(page.indexOf("id=\"comment-" + id + "\""));
        String body = comment.substring(comment.indexOf("<div class=\"comment-body\">"), comment.indexOf("</div>"));
        assertThat(Pattern.compile("href=\"([^\"]*)\"").matcher(body).results().map(m -> m.group(1)))
                .containsExactly("https://ok.example/", "http://ok.example/", "mailto:ada@example.org");
        assertThat(body).as("the others keep their text").startsWith("<div class=\"comment-body\"><p>a b c d data:text/html,hi e <a ");
    }

    @Test
    void editingCommentsIsRateLimitedPerMember() {
        WebClient ada = member("reviser");
        String paper = freshPaper();
        ada.get("/papers/" + paper);
        long id = commentId(ada.post("/papers/" + paper + "/comments", Map.of("body", "Draft")));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i <= RateLimits.Action.EDIT_COMMENT.capacity; i++) {
            statuses.add(ada.post("/comments/" + id + "/edit", Map.of("body", "Draft " + i)).statusCode());
        }
        assertThat(statuses.subList(0, RateLimits.Action.EDIT_COMMENT.capacity)).containsOnly(303);
        assertThat(statuses.getLast()).isEqualTo(429);
    }

    // --- the API ------------------------------------------------------------------------------------------------

    @Test
    void apiTokensSubmitVoteAndCommentWithoutCookies() throws Exception {
        WebClient ada = member("scripter");
        ada.get("/users/scripter");
        HttpResponse<String> created = ada.post("/users/scripter/tokens", Map.of("name", "feed-bot"));
        Matcher secret = Pattern.compile("<code id=\"new-token\">(pb_[A-Za-z0-9_-]+)</code>").matcher(created.body());
        assertThat(secret.find()).isTrue();
        String token = secret.group(1);
        assertThat(ada.get("/users/scripter").body()).as("shown once").contains("feed-bot").doesNotContain(token);
        assertThat(client().get("/users/scripter").body()).as("others never see tokens").doesNotContain("feed-bot");

        String paper = freshPaper();
        HttpResponse<String> submitted = ada.postJson("/api/papers/submit", "{\"paper\": \"" + paper + "\"}", token);
        assertThat(submitted.statusCode()).isEqualTo(201);
        JsonNode entry = JSON.readTree(submitted.body());
        assertThat(entry.path("paper").path("id").asText()).isEqualTo(paper);
        assertThat(entry.path("submittedOnDailyBy").path("user").asText()).isEqualTo("scripter");
        assertThat(entry.path("submittedOnDailyAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

        JsonNode vote = JSON.readTree(ada.postJson("/api/papers/" + paper + "/upvote", "", token).body());
        assertThat(vote.path("upvoted").asBoolean()).isTrue();
        assertThat(vote.path("upvotes").asInt()).isEqualTo(1);
        HttpResponse<String> comment = ada.postJson("/api/papers/" + paper + "/comments", "{\"body\": \"*nice*\"}", token);
        assertThat(comment.statusCode()).isEqualTo(201);
        JsonNode comments = JSON.readTree(client().get("/api/papers/" + paper + "/comments").body());
        assertThat(comments).hasSize(1);
        assertThat(comments.get(0).path("bodyHtml").asText()).isEqualTo("<p><em>nice</em></p>\n");
        assertThat(comments.get(0).path("author").path("user").asText()).isEqualTo("scripter");

        Matcher tokenId = Pattern.compile("/users/scripter/tokens/(\\d+)/revoke").matcher(ada.get("/users/scripter").body());
        assertThat(tokenId.find()).isTrue();
        assertThat(ada.post("/users/scripter/tokens/" + tokenId.group(1) + "/revoke", Map.of()).statusCode()).isEqualTo(303);
        HttpResponse<String> revoked = ada.postJson("/api/papers/submit", "{\"paper\": \"" + freshPaper() + "\"}", token);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(revoked.body()).path("error").asText()).contains("unknown or revoked");
    }

    @Test
    void putAndDeleteSetAnUpvoteHoweverOftenTheyAreSent() throws Exception {
        WebClient ada = member("retrier");
        String token = apiToken(ada, "retrier");
        String paper = freshPaper();
        String upvote = "/api/papers/" + paper + "/upvote";

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> put = ada.api("PUT", upvote, "", token);
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree(
                    "{\"paper\": \"" + paper + "\", \"upvoted\": true, \"upvotes\": 1}"));
        }
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> delete = ada.api("DELETE", upvote, "", token);
            assertThat(delete.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(delete.body())).isEqualTo(JSON.readTree(
                    "{\"paper\": \"" + paper + "\", \"upvoted\": false, \"upvotes\": 0}"));
        }
        assertThat(paperboy.votes().upvotes(new PaperId(paper))).isZero();

        assertThat(ada.request("PUT", upvote).statusCode()).as("a session needs its CSRF token").isEqualTo(403);
        assertThat(ada.request("PUT", upvote, "X-CSRF-Token", ada.csrf()).statusCode()).isEqualTo(200);
        assertThat(paperboy.votes().upvotes(new PaperId(paper))).isEqualTo(1);
        assertThat(client().api("PUT", upvote, "", null).statusCode()).isEqualTo(401);
        assertThat(client().api("DELETE", "/api/papers/2611.99999/upvote", "", token).statusCode()).isEqualTo(404);
    }

    /** Creates an API token on the member's profile page and returns its secret. */
    private static String apiToken(WebClient member, String username) {
        member.get("/users/" + username);
        Matcher secret = Pattern.compile("<code id=\"new-token\">(pb_[A-Za-z0-9_-]+)</code>")
                .matcher(member.post("/users/" + username + "/tokens", Map.of("name", "t")).body());
        assertThat(secret.find()).isTrue();
        return secret.group(1);
    }

    @Test
    void theApiAnswersBadCallsWithJsonErrors() throws Exception {
        WebClient ada = member("apiuser");
        ada.get("/users/apiuser");
        Matcher secret = Pattern.compile("<code id=\"new-token\">(pb_[A-Za-z0-9_-]+)</code>")
                .matcher(ada.post("/users/apiuser/tokens", Map.of("name", "t")).body());
        assertThat(secret.find()).isTrue();
        String token = secret.group(1);
        record Call(String path, String body, String token, int status) {}
        for (Call call : List.of(
                new Call("/api/papers/submit", "{\"paper\": \"2611.00001\"}", null, 401),
                new Call("/api/papers/submit", "{\"paper\": \"2611.00001\"}", "pb_not-a-token", 401),
                new Call("/api/papers/submit", "{\"paper\": \"2611.00001\"}", "not even the prefix", 401),
                new Call("/api/papers/submit", "{not json", token, 400),
                new Call("/api/papers/submit", "[1, 2]", token, 400),
                new Call("/api/papers/submit", "{\"paper\": 42}", token, 400),
                new Call("/api/papers/submit", "{\"paper\": \"nonsense\"}", token, 400),
                new Call("/api/papers/submit", "{\"paper\": \"2611.99999\"}", token, 404),
                new Call("/api/papers/2611.99999/upvote", "", token, 404),
                new Call("/api/papers/2611.00001/comments", "{\"body\": \"\"}", token, 400)))  {
            HttpResponse<String> response = ada.postJson(call.path(), call.body(), call.token());
            assertThat(response.statusCode()).as(call.toString()).isEqualTo(call.status());
            assertThat(JSON.readTree(response.body()).path("error").asText()).as(call.toString()).isNotBlank();
        }
        HttpResponse<String> someoneElses = ada.post("/users/someone/tokens", Map.of("name", "x"));
        assertThat(someoneElses.statusCode()).isEqualTo(403);
    }

    // --- rate limits ----------------------------------------------------------------------------------------------

    @Test
    void repeatedLoginAttemptsAreSlowedDown() {
        WebClient guesser = client();
        guesser.get("/login");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < RateLimits.Action.LOG_IN.capacity + 1; i++) {
            statuses.add(guesser.post("/login", Map.of("username", "ghost", "password", "guess " + i)).statusCode());
        }
        HttpResponse<String> limited = guesser.post("/login", Map.of("username", "ghost", "password", "last guess"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
        assertThat(limited.body()).contains("too many login attempts");
        assertThat(statuses).contains(429);
    }

    @Test
    void loginAttemptsOnOneAccountAreLimitedAcrossAddresses() {
        member("guessed");
        for (int i = 0; i < RateLimits.Action.LOG_IN_ACCOUNT.capacity; i++) {
            assertThat(client().logIn("guessed", "guess " + i).statusCode()).as("guess %d from a new address", i)
                    .isEqualTo(401);
        }
        HttpResponse<String> limited = client().logIn("guessed", PASSWORD);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("too many login attempts for this account");
        member("unguessed");
        assertThat(client().logIn("unguessed", PASSWORD).statusCode()).as("other accounts are not slowed").isEqualTo(303);
    }

    @Test
    void votingIsRateLimitedPerMember() {
        WebClient ada = member("clicker");
        String paper = freshPaper();
        ada.get("/papers/" + paper);
        int limited = 0;
        for (int i = 0; i < RateLimits.Action.VOTE.capacity + 5; i++) {
            if (ada.post("/papers/" + paper + "/upvote", Map.of()).statusCode() == 429) {
                limited++;
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(4);
        assertThat(paperboy.votes().upvotes(new PaperId(paper))).isBetween(0, 1);
    }

    // --- week and month views -----------------------------------------------------------------------------------

    @Test
    void weekAndMonthViewsListThePicksOfThePeriod() {
        WebClient ada = member("weekly");
        String paper = freshPaper();
        ada.get("/submit");
        ada.post("/submit", Map.of("paper", paper));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        String week = client().get("/daily?week=" + DailyPages.isoWeek(today)).body();
        String month = client().get("/daily?month=" + today.toString().substring(0, 7)).body();

        assertThat(week).contains("href=\"/papers/" + paper + "\"").contains("Week ").doesNotContain("Announced on arXiv");
        assertThat(month).contains("href=\"/papers/" + paper + "\"");
        String lastWeek = client().get("/daily?week=" + DailyPages.isoWeek(today.minusWeeks(1))).body();
        int announced = lastWeek.indexOf("<h2 id=\"announced\">"); // without picks, the week's announced papers follow
        assertThat(announced < 0 ? lastWeek : lastWeek.substring(0, announced)).as("last week's picks")
                .doesNotContain("href=\"/papers/" + paper + "\"");
        assertThat(client().get("/daily?week=2025-W99").statusCode()).isEqualTo(400);
        assertThat(client().get("/daily?month=2025-13").statusCode()).isEqualTo(400);
    }

    private static long commentId(HttpResponse<String> redirect) {
        assertThat(redirect.statusCode()).isEqualTo(303);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.indexOf("#comment-") + 9));
    }

}
