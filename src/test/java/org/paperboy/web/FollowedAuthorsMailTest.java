package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.OutboxDelivery;
import org.paperboy.mail.digest.DigestRun;
import org.paperboy.testing.ReceivedMail;
import org.paperboy.testing.SmtpServer;
import org.paperboy.testing.WebClient;

/**
 * A member follows an author on the author's page; the author's new papers then come in the member's daily digest,
 * received over SMTP, and in their alerts feed, each paper once.
 */
class FollowedAuthorsMailTest {

    @RegisterExtension
    final SmtpServer smtp = new SmtpServer();
    @TempDir
    Path dataDir;
    private Settings settings;
    private Paperboy paperboy;
    private WebServer server;

    @BeforeEach
    void start() {
        settings = Settings.defaults().with(Key.DATA_DIR, dataDir.toString()).with(Key.HTTP_PORT, "0")
                .with(Key.ARXIV_HARVEST, "false").with(Key.EMBEDDING_PROVIDER, "none")
                .with(Key.MAIL_FROM, "papers@example.org").with(Key.MAIL_SMTP_TLS, "none")
                .with(Key.MAIL_SMTP_HOST, "127.0.0.1").with(Key.MAIL_SMTP_PORT, String.valueOf(smtp.getSmtp().getPort()));
        paperboy = Paperboy.open(settings);
        paperboy.catalog().upsert(List.of(paper("2601.00001", "An old paper on convolutions", List.of("Yann LeCun"),
                LocalDate.now(ZoneOffset.UTC).minusDays(40))));
        paperboy.indexSync().catchUp(seq -> { });
        server = WebServer.start(paperboy);
    }

    @AfterEach
    void stop() {
        server.close();
        paperboy.close();
    }

    static Paper paper(String id, String title, List<String> authors, LocalDate announced) {
        return new Paper(PaperId.parseArxiv(id).id(), 1, title, "We study " + title.toLowerCase() + ".", authors,
                List.of("cs.LG"), null, null, null, null, null, null, announced);
    }

    @Test
    void aFollowedAuthorsNewPaperComesOnceInTheDigestAndTheAlertsFeed() throws Exception {
        WebClient ada = member("ada");
        ada.get(Links.author("Yann LeCun"));
        assertThat(ada.post("/authors/Yann%20LeCun/follow", Map.of()).statusCode()).isEqualTo(303);
        paperboy.alerts().follows().follow(userId("ada"), "Léon Bottou", java.time.Instant.now());

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        paperboy.catalog().upsert(List.of(
                paper("2611.00001", "Self-supervised world models", List.of("Yann LeCun", "Léon Bottou"), today),
                paper("2611.00002", "Unrelated robotics", List.of("Marc Raibert"), today)));
        digests().run(today, false);
        deliver();

        ReceivedMail first = digestsReceived(1).getFirst();
        assertThat(first.text()).contains("NEW FROM AUTHORS YOU FOLLOW", "Self-supervised world models",
                "Why: a new paper by Yann LeCun, whom you follow").doesNotContain("Unrelated robotics",
                "An old paper on convolutions");
        assertThat(first.html()).contains("New from authors you follow");

        // The next day: a new version of the same paper and another new one; only the new one comes.
        paperboy.catalog().upsert(List.of(
                new Paper(PaperId.parseArxiv("2611.00001").id(), 2, "Self-supervised world models", "Revised.",
                        List.of("Yann LeCun", "Léon Bottou"), List.of("cs.LG"), null, null, null, null, null, null, today),
                paper("2611.00003", "Energy-based planning", List.of("Yann LeCun"), today.plusDays(1))));
        digests().run(today.plusDays(1), false);
        deliver();
        ReceivedMail second = digestsReceived(2).get(1);
        assertThat(second.text()).contains("Energy-based planning").doesNotContain("Self-supervised world models");

        String secret = paperboy.alerts().feedSecrets().secret(userId("ada"));
        String atom = new WebClient(server.port()).get("/feeds/alerts/" + secret + ".atom").body();
        SyndFeed feed = new SyndFeedInput().build(new StringReader(atom));
        assertThat(feed.getEntries()).extracting(SyndEntry::getTitle)
                .containsExactlyInAnyOrder("Self-supervised world models", "Energy-based planning");
        assertThat(feed.getEntries()).extracting(e -> e.getDescription().getValue())
                .anySatisfy(summary -> assertThat(summary).startsWith("a new paper by Yann LeCun, whom you follow"));
    }

    /** Digests on every day, whatever arXiv's schedule says of today. */
    private DigestRun digests() {
        return new DigestRun(paperboy.database(), paperboy.catalog(), paperboy.subscriptions(),
                paperboy.digestBuilder(), paperboy.outbox(), DayOfWeek.MONDAY, day -> true, () -> { });
    }

    private void deliver() {
        OutboxDelivery.of(settings, paperboy.database()).deliverDue(() -> false, report -> { });
    }

    /** The digests received so far (the address's confirmation mail aside), in the order they came. */
    private List<ReceivedMail> digestsReceived(int expected) {
        List<ReceivedMail> digests = List.of();
        for (int tries = 0; tries < 50 && digests.size() < expected; tries++) {
            smtp.waitForIncomingEmail(100, 1);
            MimeMessage[] messages = smtp.getReceivedMessages();
            digests = java.util.Arrays.stream(messages).map(ReceivedMail::of)
                    .filter(mail -> mail.subject().startsWith("Trending papers")).toList();
        }
        assertThat(digests).hasSize(expected);
        return digests;
    }

    private WebClient member(String username) {
        WebClient client = new WebClient(server.port());
        assertThat(client.signUp(username, "correct horse battery", username + "@example.org").statusCode())
                .isEqualTo(303);
        paperboy.database().inTransaction(c -> {
            try (var s = c.prepareStatement("UPDATE users SET email_verified_at = 1 WHERE username = ?")) {
                s.setString(1, username);
                return s.executeUpdate();
            }
        });
        return client;
    }

    private long userId(String username) {
        return paperboy.members().findUser(username).orElseThrow().id();
    }
}
