package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.MailMessage;
import org.paperboy.mail.MailSender;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;
import org.paperboy.subscription.Subscription;
import org.paperboy.testing.WebClient;

/**
 * Subscribing, confirming and unsubscribing through the real server over HTTP, with the confirmation mail taken from
 * the outbox and sent through a real SMTP server (GreenMail), and its link followed as a reader would.
 */
class SubscriptionWebTest {

    private static final String PUBLIC_URL = "https://papers.example.test";
    private static final Pattern CONFIRM_LINK = Pattern.compile(Pattern.quote(PUBLIC_URL)
            + "(/subscribe/confirm\\?token=[A-Za-z0-9_-]+)");

    @TempDir
    static Path dataDir;

    private static GreenMail greenMail;
    private static Paperboy paperboy;
    private static WebServer server;

    @BeforeAll
    static void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        paperboy = Paperboy.open(Settings.defaults()
                .with(Key.DATA_DIR, dataDir.toString())
                .with(Key.HTTP_PORT, "0")
                .with(Key.HTTP_BEHIND_PROXY, "true")
                .with(Key.HTTP_PUBLIC_URL, PUBLIC_URL)
                .with(Key.EMBEDDING_PROVIDER, "none")
                .with(Key.MAIL_FROM, "Paperboy <papers@example.test>")
                .with(Key.MAIL_SMTP_HOST, "127.0.0.1")
                .with(Key.MAIL_SMTP_PORT, String.valueOf(greenMail.getSmtp().getPort()))
                .with(Key.MAIL_SMTP_TLS, "none"));
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        server.close();
        paperboy.close();
        greenMail.stop();
    }

    @Test
    void aSubscriptionIsConfirmedByTheButtonBehindTheMailedLinkOnce() throws Exception {
        WebClient visitor = new WebClient(server.port());
        assertThat(visitor.get("/daily").body()).contains("Get trending papers in your email inbox!")
                .contains("action=\"/subscribe\"");

        HttpResponse<String> answer = visitor.postRaw("/subscribe", Map.of("email", "Reader@Example.org",
                "frequency", "daily", "community_picks", "on"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Check your inbox");

        Matcher link = CONFIRM_LINK.matcher(deliveredText("reader@example.org", "subscription-confirm"));
        assertThat(link.find()).isTrue();
        HttpResponse<String> page = visitor.get(link.group(1));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Confirm the subscription");
        assertThat(status("reader@example.org")).as("following the link alone").isEqualTo(Subscription.Status.PENDING);

        String token = link.group(1).substring(link.group(1).indexOf('=') + 1);
        HttpResponse<String> confirmed = visitor.post("/subscribe/confirm", Map.of("token", token));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("You are subscribed");
        assertThat(status("reader@example.org")).isEqualTo(Subscription.Status.CONFIRMED);

        HttpResponse<String> again = visitor.post("/subscribe/confirm", Map.of("token", token));
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("has expired or has been used already");
        assertThat(visitor.get(link.group(1)).statusCode()).isEqualTo(404);
    }

    @Test
    void knownAndUnknownAddressesGetTheSameAnswer() {
        paperboy.subscriptions().subscribeVerified("known@example.org", Preferences.of(Frequency.WEEKLY, true, ""),
                member("known"));
        Map<String, String> form = Map.of("frequency", "daily", "community_picks", "on");

        HttpResponse<String> known = new WebClient(server.port()).postRaw("/subscribe", with(form, "known@example.org"));
        HttpResponse<String> unknown = new WebClient(server.port()).postRaw("/subscribe", with(form, "nobody@example.org"));

        assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
        assertThat(known.body()).isEqualTo(unknown.body());
        assertThat(known.headers().map().keySet()).isEqualTo(unknown.headers().map().keySet());
        assertThat(outboxText("known@example.org", "subscription-already")).contains("subscribed already");
        assertThat(outboxText("nobody@example.org", "subscription-confirm")).contains("/subscribe/confirm?token=");
        assertThat(paperboy.subscriptions().find("known@example.org").orElseThrow().frequency())
                .as("a request changes no confirmed subscription").isEqualTo(Frequency.WEEKLY);
    }

    @Test
    void aMalformedRequestShowsTheFormAgainAndAnAddressIsAskedForAFewTimesAnHour() {
        HttpResponse<String> bad = new WebClient(server.port()).postRaw("/subscribe",
                Map.of("email", "not-an-address", "frequency", "daily", "community_picks", "on"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("enter an e-mail address").contains("id=\"subscribe-form\"");

        Map<String, String> form = Map.of("email", "flooded@example.org", "frequency", "daily", "community_picks", "on");
        for (int i = 0; i < 3; i++) {
            assertThat(new WebClient(server.port()).postRaw("/subscribe", form).statusCode()).isEqualTo(200);
        }
        assertThat(new WebClient(server.port()).postRaw("/subscribe", form).statusCode()).isEqualTo(429);
    }

    @Test
    void forgedOrAlteredUnsubscribeLinksAreRefusedAndChangeNothing() {
        Subscription ada = confirmed("ada@example.org");
        Subscription bob = confirmed("bob@example.org");
        String adaToken = token(ada);
        String signature = adaToken.substring(adaToken.indexOf('.'));
        char last = adaToken.charAt(adaToken.length() - 1);
        WebClient client = new WebClient(server.port());
        for (String forged : new String[] {bob.id() + signature,
                adaToken.substring(0, adaToken.length() - 1) + (last == 'A' ? 'B' : 'A'), ada.id() + ".x", "junk"}) {
            for (HttpResponse<String> answer : new HttpResponse[] {client.get("/unsubscribe/" + forged),
                    client.postRaw("/unsubscribe/" + forged, Map.of("List-Unsubscribe", "One-Click"))}) {
                assertThat(answer.statusCode()).as(forged).isEqualTo(404);
                assertThat(answer.body()).contains("this unsubscribe link is not valid");
            }
        }
        assertThat(status("ada@example.org")).isEqualTo(Subscription.Status.CONFIRMED);
        assertThat(status("bob@example.org")).isEqualTo(Subscription.Status.CONFIRMED);
    }

    @Test
    void aGetShowsAButtonAndUnsubscribesNothing() {
        Subscription carol = confirmed("carol@example.org");
        HttpResponse<String> page = new WebClient(server.port()).get("/unsubscribe/" + token(carol));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("action=\"/unsubscribe/" + token(carol) + "\"").contains(">Unsubscribe</button>");
        assertThat(status("carol@example.org")).isEqualTo(Subscription.Status.CONFIRMED);
    }

    @Test
    void oneClickPostsWithoutCookiesUnsubscribeAndAnswer200() throws Exception {
        Subscription dan = confirmed("dan@example.org");
        Subscription eve = confirmed("eve@example.org");
        HttpClient mailboxProvider = HttpClient.newHttpClient(); // no cookies, follows no redirects
        String boundary = "b0undary";
        HttpResponse<String> urlencoded = mailboxProvider.send(HttpRequest.newBuilder(url("/unsubscribe/" + token(dan)))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> multipart = mailboxProvider.send(HttpRequest.newBuilder(url("/unsubscribe/" + token(eve)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; "
                        + "name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--" + boundary + "--\r\n")).build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> answer : java.util.List.of(urlencoded, multipart)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Location")).isEmpty();
            assertThat(answer.body()).contains("You are unsubscribed");
        }
        assertThat(status("dan@example.org")).isEqualTo(Subscription.Status.UNSUBSCRIBED);
        assertThat(status("eve@example.org")).isEqualTo(Subscription.Status.UNSUBSCRIBED);
    }

    @Test
    void membersManageTheirDigestAtSettingsMail() throws Exception {
        assertThat(new WebClient(server.port()).get("/settings/mail").statusCode()).as("signed out").isEqualTo(303);
        WebClient member = new WebClient(server.port());
        member.get("/signup");
        member.post("/signup", Map.of("username", "fay", "password", "correct horse battery", "email", "fay@example.org"));
        assertThat(member.get("/settings/mail").body()).contains("fay@example.org").contains("none yet");

        HttpResponse<String> saved = member.post("/settings/mail", Map.of("action", "save", "frequency", "weekly",
                "categories", "cs.CL cs.LG"));
        assertThat(saved.body()).contains("A confirmation link is on its way to fay@example.org");
        assertThat(outboxText("fay@example.org", "subscription-confirm")).as("the mail names who asked")
                .startsWith("The Paperboy account 'fay' asked for Paperboy's weekly digest of new papers in cs.CL, cs.LG");
        Matcher link = CONFIRM_LINK.matcher(outboxText("fay@example.org", "subscription-confirm"));
        assertThat(link.find()).isTrue();
        paperboy.subscriptions().confirm(link.group(1).substring(link.group(1).indexOf('=') + 1)).orElseThrow();

        member.get("/settings/mail");
        assertThat(member.post("/settings/mail", Map.of("action", "save", "frequency", "daily", "community_picks", "on",
                "categories", "cs.CL")).body()).contains("Saved.");
        Subscription fay = paperboy.subscriptions().find("fay@example.org").orElseThrow();
        assertThat(fay.userId()).isNotNull();
        assertThat(fay.preferences()).isEqualTo(Preferences.of(Frequency.DAILY, true, "cs.CL"));

        member.get("/settings/mail");
        assertThat(member.post("/settings/mail", Map.of("action", "unsubscribe")).body()).contains("Unsubscribed");
        assertThat(status("fay@example.org")).isEqualTo(Subscription.Status.UNSUBSCRIBED);
    }

    @Test
    void anAccountWithSomeoneElsesAddressNeitherSeesNorChangesTheirSubscription() {
        paperboy.subscriptions().request("gil@example.org", Preferences.of(Frequency.WEEKLY, true, ""), null);
        Matcher link = CONFIRM_LINK.matcher(outboxText("gil@example.org", "subscription-confirm"));
        assertThat(link.find()).isTrue();
        paperboy.subscriptions().confirm(link.group(1).substring(link.group(1).indexOf('=') + 1)).orElseThrow();
        WebClient impostor = new WebClient(server.port());
        impostor.get("/signup");
        impostor.post("/signup", Map.of("username", "notgil", "password", "correct horse battery", "email", "gil@example.org"));

        assertThat(impostor.get("/settings/mail").body()).contains("none yet");
        impostor.post("/settings/mail", Map.of("action", "unsubscribe"));
        impostor.get("/settings/mail");
        assertThat(impostor.post("/settings/mail", Map.of("action", "save", "frequency", "daily", "community_picks", "on"))
                .body()).contains("A confirmation link is on its way");

        Subscription gil = paperboy.subscriptions().find("gil@example.org").orElseThrow();
        assertThat(gil.status()).isEqualTo(Subscription.Status.CONFIRMED);
        assertThat(gil.frequency()).isEqualTo(Frequency.WEEKLY);
        assertThat(gil.userId()).isNull();
        assertThat(outboxText("gil@example.org", "subscription-already")).contains("subscribed already");
    }

    @Test
    void withMailOffThePagesSaySoInsteadOfOfferingAForm(@TempDir Path otherDir) {
        try (Paperboy noMail = Paperboy.open(Settings.defaults().with(Key.DATA_DIR, otherDir.toString())
                .with(Key.HTTP_PORT, "0").with(Key.EMBEDDING_PROVIDER, "none"));
                WebServer site = WebServer.start(noMail)) {
            WebClient visitor = new WebClient(site.port());
            for (String path : new String[] {"/daily", "/trending", "/search", "/subscribe"}) {
                assertThat(visitor.get(path).body()).as(path).contains("Mail is off on this site")
                        .doesNotContain("action=\"/subscribe\"");
            }
            assertThat(visitor.postRaw("/subscribe", Map.of("email", "a@example.org", "frequency", "daily",
                    "community_picks", "on")).statusCode()).isEqualTo(503);
        }
    }

    private static Subscription confirmed(String email) {
        paperboy.subscriptions().subscribeVerified(email, Preferences.of(Frequency.DAILY, true, ""), member(email.split("@")[0]));
        return paperboy.subscriptions().find(email).orElseThrow();
    }

    private static long member(String name) {
        return paperboy.members().createUser(name, name, null, "x", org.paperboy.community.Role.MEMBER).id();
    }

    private static String token(Subscription subscription) {
        String url = paperboy.subscriptions().unsubscribeUrl(subscription);
        assertThat(url).startsWith(PUBLIC_URL + "/unsubscribe/");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static Subscription.Status status(String email) {
        return paperboy.subscriptions().find(email).orElseThrow().status();
    }

    private static Map<String, String> with(Map<String, String> form, String email) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("email", email);
        return fields;
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** The text of the latest queued message of this kind to this address. */
    private static String outboxText(String recipient, String kind) {
        return outboxRow(recipient, kind).text();
    }

    private static MailMessage outboxRow(String recipient, String kind) {
        return paperboy.database().read(c -> {
            try (var s = c.prepareStatement("SELECT subject, text_body, html_body FROM outbox WHERE recipient = ? "
                    + "AND kind = ? ORDER BY outbox_id DESC")) {
                s.setString(1, recipient);
                s.setString(2, kind);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as(kind + " to " + recipient).isTrue();
                    return new MailMessage(recipient, rs.getString(1), rs.getString(2), rs.getString(3));
                }
            }
        });
    }

    /** Sends the queued message through SMTP and reads its text part back as a mail program would. */
    private static String deliveredText(String recipient, String kind) throws Exception {
        int before = greenMail.getReceivedMessages().length;
        new MailSender(paperboy.settings()).send(outboxRow(recipient, kind));
        MimeMessage received = greenMail.getReceivedMessages()[before];
        MimeMultipart parts = (MimeMultipart) received.getContent();
        return (String) parts.getBodyPart(0).getContent();
    }
}
