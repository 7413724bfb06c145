package org.paperboy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.MailMessage;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.testing.SmtpServer;

/** The scheduled job mail-outbox, on a real scheduler over a SQLite store, sending to GreenMail. */
class MailJobsTest {

    @TempDir
    Path tmp;
    @RegisterExtension
    final SmtpServer greenMail = new SmtpServer();

    private Settings settings() {
        return Settings.defaults().with(Key.DATA_DIR, tmp.resolve("data").toString())
                .with(Key.EMBEDDING_PROVIDER, "none").with(Key.ARXIV_HARVEST, "false");
    }

    @Test
    void mailQueuedByAServerLeavesWithinSecondsNotAtTheJobsNextRun() throws Exception {
        Settings settings = settings().with(Key.MAIL_FROM, "papers@example.org").with(Key.MAIL_SMTP_TLS, "none")
                .with(Key.MAIL_SMTP_PORT, String.valueOf(greenMail.getSmtp().getPort()))
                .with(Key.MAIL_SMTP_HOST, "127.0.0.1");
        try (Paperboy paperboy = Paperboy.open(settings)) {
            assertThat(paperboy.scheduledJobs()).extracting(RecurringJob::name).contains(MailJobs.OUTBOX);
            paperboy.scheduler().start(paperboy.scheduledJobs());
            long start = System.nanoTime();

            paperboy.outbox().enqueue("subscription-confirm", "request-1",
                    new MailMessage("ada@example.org", "Confirm your subscription", "t", "<p>h</p>"));

            assertThat(greenMail.waitForIncomingEmail(Duration.ofSeconds(5).toMillis(), 1)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void withMailOffThereIsNoDeliveryAndQueuedMailWaits() {
        try (Paperboy paperboy = Paperboy.open(settings())) {
            paperboy.outbox().enqueue("digest", "2026-11-30", new MailMessage("ada@example.org", "s", "t", "h"));

            assertThat(paperboy.scheduledJobs()).extracting(RecurringJob::name)
                    .doesNotContain(MailJobs.OUTBOX, DigestJobs.DIGESTS);
            assertThat(greenMail.getReceivedMessages()).isEmpty();
        }
    }
}
