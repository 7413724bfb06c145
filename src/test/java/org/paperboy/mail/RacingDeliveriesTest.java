package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.mail.DeliveryReport.Outcome;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.SmtpServer;

/**
 * Delivery runs of several processes at once, each with a store connection pool of its own, as two servers have: every
 * message is sent once. SQLite files and PostgreSQL.
 */
class RacingDeliveriesTest {

    private static final int MESSAGES = 120;
    private static final int RUNS = 3;

    @TempDir
    Path dir;
    @RegisterExtension
    final SmtpServer greenMail = new SmtpServer();

    @Test
    void runsSharingASqliteFileSendEachMessageOnce() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("store.db");
        race(() -> Database.open(url, null, null));
    }

    @Test
    void runsSharingAPostgresDatabaseSendEachMessageOnce() throws Exception {
        String url = PostgresServer.newDatabaseUrl();
        race(() -> Database.open(url, "postgres", null));
    }

    private void race(Supplier<Database> store) throws Exception {
        List<Database> databases = new ArrayList<>();
        try {
            for (int i = 0; i < RUNS; i++) {
                databases.add(store.get());
            }
            Outbox outbox = new Outbox(databases.getFirst(), Clock.systemUTC(), "papers.example.org");
            for (int i = 0; i < MESSAGES; i++) {
                outbox.enqueue("digest", "2026-11-30", new MailMessage("reader" + i + "@example.org", "Papers", "t", "h"));
            }
            List<CompletableFuture<DeliveryReport>> runs = new ArrayList<>();
            for (Database database : databases) {
                OutboxDelivery delivery = new OutboxDelivery(database, new MailSender(MailSenderTest.settings(
                        greenMail.getSmtp().getPort(), Map.of())), Clock.systemUTC(), Duration.ofMinutes(5));
                runs.add(CompletableFuture.supplyAsync(() -> delivery.deliverDue(() -> false, report -> { })));
            }

            List<DeliveryReport> reports = runs.stream().map(CompletableFuture::join).toList();

            assertThat(reports.stream().mapToInt(r -> r.count(Outcome.SENT)).sum()).isEqualTo(MESSAGES);
            assertThat(reports).allMatch(r -> r.total() == r.count(Outcome.SENT), "nothing but sent");
            Map<String, Long> byMessageId = Arrays.stream(greenMail.getReceivedMessages())
                    .collect(Collectors.groupingBy(RacingDeliveriesTest::messageId, Collectors.counting()));
            assertThat(byMessageId).hasSize(MESSAGES).allSatisfy((id, copies) -> assertThat(copies).isOne());
        } finally {
            databases.forEach(Database::close);
        }
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
