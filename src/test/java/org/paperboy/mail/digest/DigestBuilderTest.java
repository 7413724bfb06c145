package org.paperboy.mail.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperboy.mail.digest.DigestFixture.DAY;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

class DigestBuilderTest {

    private static final String URL = "https://papers.example.org";

    @TempDir
    Path dir;
    private Paperboy paperboy;
    private long member;

    @BeforeEach
    void open() {
        paperboy = Paperboy.open(Settings.defaults().with(Key.DATA_DIR, dir.toString())
                .with(Key.EMBEDDING_PROVIDER, "none").with(Key.HTTP_PUBLIC_URL, URL));
        member = DigestFixture.load(paperboy);
    }

    @AfterEach
    void close() {
        paperboy.close();
    }

    private Subscription subscriber(String email, Preferences preferences) {
        paperboy.subscriptions().subscribeVerified(email, preferences, member);
        return paperboy.subscriptions().find(email).orElseThrow();
    }

    @Test
    void aDigestHasTextAndHtmlWithAbsoluteLinksAndEscapedTitles() throws Exception {
        Subscription reader = subscriber("reader@example.org", Preferences.of(Frequency.DAILY, true, "cs.CL cs.LG"));

        MailMessage digest = paperboy.digestBuilder().build(reader, new DigestPeriod(Frequency.DAILY, DAY)).orElseThrow();

        assertThat(digest.subject()).isEqualTo("Trending papers · 30 Nov 2026");
        String unsubscribe = paperboy.subscriptions().unsubscribeUrl(reader);
        assertThat(unsubscribe).startsWith(URL + "/unsubscribe/");
        assertThat(digest.headers()).containsEntry("List-Unsubscribe", "<" + unsubscribe + ">")
                .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        assertThat(digest.html()).doesNotContain("<script>").doesNotContain("& \"Attention\"")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Attention&quot; Is All")
                .contains("href=\"" + URL + "/papers/2611.00001\"").contains("href=\"" + URL + "/papers/2611.00002\"")
                .contains("href=\"" + URL + "/papers/2611.00003\"").doesNotContain("2611.00004")
                .contains("Author 1, Author 2, Author 3 et al.").contains("1 upvote")
                .contains("href=\"" + unsubscribe + "\"").contains("max-width:600px").doesNotContain("<style");
        assertThat(digest.html().indexOf("Community picks")).isLessThan(digest.html().indexOf("New in cs.CL, cs.LG"));
        assertThat(digest.text()).contains(DigestFixture.HOSTILE_TITLE).contains(URL + "/papers/2611.00001")
                .contains("Unsubscribe: " + unsubscribe).doesNotContain(DigestFixture.ABSTRACT_END);
        String shortened = digest.text().lines().filter(l -> l.startsWith("   word")).findFirst().orElseThrow().strip();
        assertThat(shortened).endsWith("word…").hasSizeLessThanOrEqualTo(DigestText.ABSTRACT_LENGTH + 1);

        MimeMessage received = sentThroughSmtp(digest);
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent()).isEqualTo(digest.html());
        assertThat(received.getHeader("List-Unsubscribe")).containsExactly("<" + unsubscribe + ">");
        assertThat(received.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
    }

    @Test
    void papersOfTheCategoriesComeMostUpvotedFirstThenNewest() {
        Subscription reader = subscriber("ranks@example.org", Preferences.of(Frequency.DAILY, false, "cs.CL cs.LG"));
        String before = paperboy.digestBuilder().build(reader, new DigestPeriod(Frequency.DAILY, DAY)).orElseThrow().text();
        assertThat(before.indexOf("Attention")).as("newer first").isLessThan(before.indexOf("Learning to learn"));

        paperboy.votes().upvote(member, DigestFixture.LEARNING);
        String after = paperboy.digestBuilder().build(reader, new DigestPeriod(Frequency.DAILY, DAY)).orElseThrow().text();
        assertThat(after.indexOf("Learning to learn")).as("upvoted first").isLessThan(after.indexOf("Attention"));
    }

    @Test
    void aWeekCoversItsSevenDays() {
        Subscription reader = subscriber("weekly@example.org", Preferences.of(Frequency.WEEKLY, false, "cs.CL"));
        DigestPeriod week = new DigestPeriod(Frequency.WEEKLY, DAY);
        assertThat(week.key()).isEqualTo("2026-W49");
        assertThat(week.label()).isEqualTo("24–30 Nov 2026");
        assertThat(paperboy.digestBuilder().build(reader, week).orElseThrow().html()).contains("/papers/2611.00004")
                .contains("/papers/2611.00001");
    }

    @Test
    void aPeriodWithNothingForTheSubscriberGivesNoDigest() {
        Subscription reader = subscriber("quiet@example.org", Preferences.of(Frequency.DAILY, true, "math.AG"));
        assertThat(paperboy.digestBuilder().build(reader, new DigestPeriod(Frequency.DAILY, DAY.plusDays(1)))).isEmpty();
        Subscription algebra = subscriber("algebra@example.org", Preferences.of(Frequency.DAILY, false, "math.AG"));
        assertThat(paperboy.digestBuilder().build(algebra, new DigestPeriod(Frequency.DAILY, DAY))).isEmpty();
    }

    @Test
    void alertSectionsShowTheirPapersAndWhy() {
        Subscription reader = subscriber("alerts@example.org", Preferences.of(Frequency.DAILY, false, "math.AG", true));
        DigestAlerts alerts = (userId, since, until) -> {
            assertThat(since).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
            assertThat(until).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
            return List.of(new DigestAlerts.AlertSection("<b>transformers</b>", List.of(
                    new DigestAlerts.AlertItem(DigestFixture.LEARNING, 0.5, "matched \"meta <learning>\""),
                    new DigestAlerts.AlertItem(DigestFixture.HOSTILE, 0.9, "matched attention"))));
        };
        DigestBuilder builder = new DigestBuilder(paperboy.catalog(), paperboy.feed(), paperboy.votes(),
                paperboy.subscriptions(), alerts, URL);

        String html = builder.build(reader, new DigestPeriod(Frequency.DAILY, DAY)).orElseThrow().html();

        assertThat(html).contains("Alert: &lt;b&gt;transformers&lt;/b&gt;").contains("Why: matched &quot;meta &lt;learning&gt;&quot;");
        assertThat(html.indexOf("/papers/2611.00001")).as("best score first").isLessThan(html.indexOf("/papers/2611.00002"));
    }

    @Test
    void alertMatchesComeOnlyToThoseWhoChoseThem() {
        Subscription picksOnly = subscriber("picks@example.org", Preferences.of(Frequency.DAILY, true, ""));
        DigestAlerts alerts = (userId, since, until) -> List.of(new DigestAlerts.AlertSection("transformers",
                List.of(new DigestAlerts.AlertItem(DigestFixture.LEARNING, 0.9, "matched attention"))));
        DigestBuilder builder = new DigestBuilder(paperboy.catalog(), paperboy.feed(), paperboy.votes(),
                paperboy.subscriptions(), alerts, URL);

        assertThat(builder.build(picksOnly, new DigestPeriod(Frequency.DAILY, DAY)).orElseThrow().html())
                .doesNotContain("Alert: transformers");
        Subscription alertsOnly = subscriber("matches@example.org", Preferences.alertsOnly());
        assertThat(builder.build(alertsOnly, new DigestPeriod(Frequency.DAILY, DAY)).orElseThrow().html())
                .contains("Alert: transformers").doesNotContain("Community picks");
    }

    private static MimeMessage sentThroughSmtp(MailMessage digest) throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try {
            new MailSender(Settings.defaults().with(Key.MAIL_FROM, "papers@example.org")
                    .with(Key.MAIL_SMTP_HOST, "127.0.0.1").with(Key.MAIL_SMTP_PORT, String.valueOf(greenMail.getSmtp().getPort()))
                    .with(Key.MAIL_SMTP_TLS, "none")).send(digest);
            return greenMail.getReceivedMessages()[0];
        } finally {
            greenMail.stop();
        }
    }
}
