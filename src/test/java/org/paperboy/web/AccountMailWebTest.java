package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.paperboy.config.Settings;
import org.paperboy.testing.WebClient;

/**
 * Accounts by mail through the real server, as browsers: sign-up and address confirmation, password reset, and the
 * settings page. Mail is on (an SMTP server is configured) but nothing sends it here: the tests read the messages
 * the site queued in its outbox, which are what a sender delivers, and follow the links in them.
 */
class AccountMailWebTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String PUBLIC_URL = "https://papers.example.org";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_URL) + "(/account/[a-z/]+\\?token=[A-Za-z0-9_-]+)");

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(settings(dataDir)
                .with(Settings.Key.MAIL_FROM, "papers@example.org")
                .with(Settings.Key.MAIL_SMTP_HOST, "127.0.0.1"));
        server = WebServer.start(paperboy);
    }

    static Settings settings(Path dir) {
        return Settings.defaults()
                .with(Settings.Key.DATA_DIR, dir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.HTTP_PUBLIC_URL, PUBLIC_URL)
                .with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true");
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

    // --- sign-up and confirming an address -----------------------------------------------------------------------

    @Test
    void signingUpMailsALinkThatConfirmsTheAddressOnlyWhenItsButtonIsPressed() {
        WebClient ada = signUp("ada", "Ada@Example.org");
        long id = paperboy.members().findUser("ada").orElseThrow().id();
        Mail mail = lastMail("ada@example.org", "verify-email");
        assertThat(mail.subject()).contains("Confirm your address");
        assertThat(mail.html()).contains("<a href=\"" + PUBLIC_URL + mail.link() + "\">");
        assertThat(ada.get("/settings").body()).contains("Ada@Example.org").contains("not confirmed yet");

        WebClient mailbox = new WebClient(server.port());
        HttpResponse<String> page = mailbox.get(mail.link());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"confirm-address-form\"").contains("Ada@Example.org");
        assertThat(paperboy.members().verifiedEmail(id)).as("a scanner's GET confirms nothing").isEmpty();

        HttpResponse<String> confirmed = mailbox.post("/account/verify", Map.of("token", token(mail.link())));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Address confirmed");
        assertThat(paperboy.members().verifiedEmail(id)).contains("Ada@Example.org");
        assertThat(ada.get("/settings").body()).contains("<span id=\"email-status\">confirmed</span>");
        assertThat(mailbox.get(mail.link()).statusCode()).as("once").isEqualTo(410);
    }

    @Test
    void aSignUpWithATakenAddressMailsItsOwnerANoticeAndTheNewcomerNothing() {
        signUp("owner", "owner@example.org");
        HttpResponse<String> taken = signUpResponse("newcomer", "OWNER@example.org");
        HttpResponse<String> fresh = signUpResponse("freshcomer", "freshcomer@example.org");
        assertThat(taken.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(303);
        assertThat(taken.headers().firstValue("Location")).isEqualTo(fresh.headers().firstValue("Location"));
        assertThat(taken.body()).isEqualTo(fresh.body());
        assertThat(paperboy.members().findUser("newcomer").orElseThrow().email()).isNull();
        assertThat(mails("owner@example.org").stream().map(Mail::kind)).containsExactly("verify-email", "address-in-use");
        assertThat(lastMail("owner@example.org", "address-in-use").text()).contains("owner")
                .contains(PUBLIC_URL + "/account/reset");
    }

    @Test
    void aMemberAsksForANewConfirmationLink() {
        WebClient bo = signUp("bo", "bo@example.org");
        bo.get("/settings");
        assertThat(bo.post("/settings/verify", Map.of()).body()).contains("A new link to confirm bo@example.org");
        assertThat(mails("bo@example.org")).hasSize(2);
    }

    // --- password reset ------------------------------------------------------------------------------------------

    @Test
    void aResetRequestAnswersTheSameWhetherOrNotAnAccountHasTheAddress() {
        signUp("cy", "cy@example.org");
        HttpResponse<String> known = requestReset("cy@example.org");
        HttpResponse<String> unknown = requestReset("zz@example.org");
        assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
        assertThat(known.body().replace("cy@example.org", "ADDRESS"))
                .isEqualTo(unknown.body().replace("zz@example.org", "ADDRESS"));
        assertThat(known.body()).contains("id=\"reset-sent\"");
        assertThat(mails("cy@example.org").stream().map(Mail::kind)).contains("reset-password");
        assertThat(mails("zz@example.org")).isEmpty();
    }

    @Test
    void aResetLinkSetsANewPasswordOnceAndSignsOutEveryOldSession() {
        WebClient first = signUp("dee", "dee@example.org");
        WebClient second = new WebClient(server.port());
        assertThat(second.logIn("dee", PASSWORD).statusCode()).isEqualTo(303);
        requestReset("DEE@example.org");
        String link = lastMail("dee@example.org", "reset-password").link();

        WebClient mailbox = new WebClient(server.port());
        assertThat(mailbox.get(link).body()).contains("id=\"new-password-form\"");
        HttpResponse<String> weak = mailbox.post("/account/reset/confirm", Map.of("token", token(link), "password", "short"));
        assertThat(weak.statusCode()).as("a refused password does not spend the link").isEqualTo(400);
        HttpResponse<String> reset = mailbox.post("/account/reset/confirm",
                Map.of("token", token(link), "password", "a brand new passphrase"));
        assertThat(reset.statusCode()).isEqualTo(303);
        assertThat(reset.headers().firstValue("Location")).hasValue("/settings?done=reset");
        assertThat(mailbox.get(reset.headers().firstValue("Location").orElseThrow()).body())
                .contains("Your new password is set");

        for (WebClient old : List.of(first, second)) {
            assertThat(old.get("/daily").body()).as("signed out").contains("id=\"login-link\"")
                    .doesNotContain("id=\"logout\"");
        }
        assertThat(new WebClient(server.port()).logIn("dee", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(new WebClient(server.port()).logIn("dee", "a brand new passphrase").statusCode()).isEqualTo(303);

        HttpResponse<String> again = new WebClient(server.port()).get(link);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("used already");
    }

    @Test
    void anExpiredResetLinkIsRefusedWithAClearPage() {
        signUp("eve", "eve@example.org");
        requestReset("eve@example.org");
        String link = lastMail("eve@example.org", "reset-password").link();
        paperboy.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE mail_tokens SET expires_at = ? "
                    + "WHERE user_id = (SELECT user_id FROM users WHERE username = 'eve')")) {
                s.setLong(1, System.currentTimeMillis() - 1);
                return s.executeUpdate();
            }
        });
        WebClient mailbox = new WebClient(server.port());
        HttpResponse<String> page = mailbox.get(link);
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("This link no longer works").contains("this link has expired")
                .contains("ask for a new one");
        mailbox.get("/account/reset");
        HttpResponse<String> post = mailbox.post("/account/reset/confirm",
                Map.of("token", token(link), "password", "a brand new passphrase"));
        assertThat(post.statusCode()).isEqualTo(410);
        assertThat(new WebClient(server.port()).logIn("eve", PASSWORD).statusCode()).isEqualTo(303);
    }

    // --- settings ------------------------------------------------------------------------------------------------

    @Test
    void changingTheAddressTakesEffectOnlyOnceTheNewOneIsConfirmed() {
        WebClient fay = signUp("fay", "fay@example.org");
        long id = paperboy.members().findUser("fay").orElseThrow().id();
        fay.get("/settings");
        HttpResponse<String> wrongPassword = fay.post("/settings/email", Map.of("email", "fay@new.example",
                "current", "not my password"));
        assertThat(wrongPassword.statusCode()).isEqualTo(403);
        assertThat(wrongPassword.body()).contains("the current password is wrong");

        HttpResponse<String> asked = fay.post("/settings/email", Map.of("email", "fay@new.example", "current", PASSWORD));
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("A link to confirm fay@new.example").contains("keeps fay@example.org");
        assertThat(paperboy.members().findUser("fay").orElseThrow().email()).isEqualTo("fay@example.org");

        String link = lastMail("fay@new.example", "change-email").link();
        WebClient mailbox = new WebClient(server.port());
        mailbox.get(link);
        assertThat(mailbox.post("/account/verify", Map.of("token", token(link))).body()).contains("fay@new.example");
        assertThat(paperboy.members().findUser("fay").orElseThrow().email()).isEqualTo("fay@new.example");
        assertThat(paperboy.members().verifiedEmail(id)).contains("fay@new.example");
        assertThat(lastMail("fay@example.org", "address-changed").text()).contains("fay@new.example");
    }

    @Test
    void changingThePasswordSignsOutEveryOtherBrowserAndRenewsThisSession() {
        WebClient here = signUp("gus", "gus@example.org");
        WebClient elsewhere = new WebClient(server.port());
        elsewhere.logIn("gus", PASSWORD);
        String oldCookie = here.cookie("paperboy_session").orElseThrow().getValue();
        here.get("/settings");
        HttpResponse<String> changed = here.post("/settings/password", Map.of("current", PASSWORD,
                "password", "another fine passphrase"));
        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(here.cookie("paperboy_session").orElseThrow().getValue()).isNotEqualTo(oldCookie);
        assertThat(here.get(changed.headers().firstValue("Location").orElseThrow()).body()).contains("Your password is changed");
        assertThat(elsewhere.get("/daily").body()).contains("id=\"login-link\"");
        WebClient stolen = new WebClient(server.port());
        stolen.setCookie("paperboy_session", oldCookie);
        assertThat(stolen.get("/daily").body()).as("the old cookie").contains("id=\"login-link\"");
    }

    @Test
    void everyAccountFormNeedsItsCsrfToken() {
        WebClient hal = signUp("hal", "hal@example.org");
        for (String path : List.of("/settings/password", "/settings/email", "/settings/verify", "/account/verify",
                "/account/reset", "/account/reset/confirm")) {
            assertThat(hal.postRaw(path, Map.of("current", PASSWORD, "password", "x".repeat(12),
                    "email", "hal@example.org", "token", "t")).statusCode()).as(path).isEqualTo(403);
        }
        WebClient anonymous = new WebClient(server.port());
        assertThat(anonymous.postRaw("/account/reset", Map.of("email", "hal@example.org")).statusCode()).isEqualTo(403);
        assertThat(mails("hal@example.org").stream().map(Mail::kind)).containsExactly("verify-email");
    }

    @Test
    void theSettingsPageIsForSignedInMembersAndLinksTheMailSubscriptions() {
        HttpResponse<String> anonymous = new WebClient(server.port()).get("/settings");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/login?next=%2Fsettings");
        String page = signUp("ida", null).get("/settings").body();
        assertThat(page).contains("id=\"settings-link\" href=\"/settings\"").contains("href=\"/settings/mail\"")
                .contains("has no address");
    }

    @Test
    void withoutMailThePagesSaySoAndSigningUpStillWorks(@TempDir Path otherDir) {
        try (Paperboy quiet = Paperboy.open(settings(otherDir)); WebServer web = WebServer.start(quiet)) {
            WebClient browser = new WebClient(web.port());
            browser.get("/signup");
            assertThat(browser.post("/signup", Map.of("username", "jo", "email", "jo@example.org", "password", PASSWORD))
                    .statusCode()).isEqualTo(303);
            assertThat(browser.get("/settings").body()).contains("jo@example.org").contains("does not send mail")
                    .doesNotContain("id=\"email-form\"").doesNotContain("id=\"resend-form\"");
            HttpResponse<String> reset = browser.get("/account/reset");
            assertThat(reset.body()).contains("does not send mail").contains("ask an admin")
                    .doesNotContain("id=\"reset-form\"");
            assertThat(browser.post("/account/reset", Map.of("email", "jo@example.org")).body())
                    .contains("does not send mail");
            int queued = quiet.database().read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM outbox")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(queued).isZero();
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    record Mail(String kind, String subject, String text, String html) {
        /** The link in the mail, as a path on the site. */
        String link() {
            Matcher m = LINK.matcher(text);
            assertThat(m.find()).as("a link in " + text).isTrue();
            return m.group(1);
        }
    }

    private static WebClient signUp(String username, String email) {
        WebClient browser = new WebClient(server.port());
        assertThat(signUp(browser, username, email).statusCode()).isEqualTo(303);
        return browser;
    }

    private static HttpResponse<String> signUpResponse(String username, String email) {
        return signUp(new WebClient(server.port()), username, email);
    }

    private static HttpResponse<String> signUp(WebClient browser, String username, String email) {
        browser.get("/signup");
        Map<String, String> form = new java.util.HashMap<>(Map.of("username", username, "password", PASSWORD));
        if (email != null) {
            form.put("email", email);
        }
        return browser.post("/signup", form);
    }

    private static HttpResponse<String> requestReset(String email) {
        WebClient browser = new WebClient(server.port());
        browser.get("/account/reset");
        return browser.post("/account/reset", Map.of("email", email));
    }

    private static String token(String link) {
        return link.substring(link.indexOf("token=") + 6);
    }

    /** The messages queued for this address, oldest first. */
    static List<Mail> mails(String recipient) {
        return paperboy.database().read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT kind, subject, text_body, html_body FROM outbox "
                    + "WHERE recipient = ? ORDER BY outbox_id")) {
                s.setString(1, recipient);
                List<Mail> mails = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        mails.add(new Mail(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
                return mails;
            }
        });
    }

    private static Mail lastMail(String recipient, String kind) {
        return mails(recipient).stream().filter(m -> m.kind().equals(kind)).reduce((a, b) -> b).orElseThrow();
    }
}
