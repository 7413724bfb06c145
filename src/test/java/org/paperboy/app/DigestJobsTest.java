package org.paperboy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.ingest.arxiv.ArxivSchedule;
import org.paperboy.mail.digest.DigestFixture;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;

/** The scheduled job "mail-digests" queues a day's digests once that day's listing is read, and only once. */
class DigestJobsTest {

    @TempDir
    Path tmp;
    private Paperboy paperboy;

    @BeforeEach
    void open() {
        paperboy = open(false);
        long member = DigestFixture.load(paperboy);
        paperboy.subscriptions().subscribeVerified("reader@example.org", Preferences.of(Frequency.DAILY, true, "cs.CL"),
                member);
    }

    private Paperboy open(boolean harvesting) {
        return Paperboy.open(Settings.defaults().with(Key.DATA_DIR, tmp.toString())
                .with(Key.EMBEDDING_PROVIDER, "none").with(Key.ARXIV_HARVEST, String.valueOf(harvesting))
                .with(Key.MAIL_FROM, "papers@example.org").with(Key.MAIL_SMTP_TLS, "none")
                .with(Key.MAIL_SMTP_HOST, "127.0.0.1"));
    }

    @AfterEach
    void close() {
        paperboy.close();
    }

    @Test
    void noDigestsAreQueuedWhileMailIsOff() {
        Settings mailOff = paperboy.settings().with(Key.MAIL_SMTP_HOST, "");
        assertThat(DigestJobs.of(paperboy)).isNotEmpty();
        try (Paperboy offline = Paperboy.open(mailOff)) {
            assertThat(offline.scheduledJobs()).extracting(RecurringJob::name).doesNotContain(DigestJobs.DIGESTS);
        }
    }

    @Test
    void theJobRunsWhetherOrNotTheServerHarvests() {
        assertThat(paperboy.scheduledJobs()).extracting(RecurringJob::name).contains(DigestJobs.DIGESTS)
                .doesNotContain("arxiv-harvest", "arxiv-listings");
        RecurringJob job = paperboy.scheduledJobs().stream().filter(j -> j.name().equals(DigestJobs.DIGESTS))
                .findFirst().orElseThrow();
        assertThat(job.cron()).isEqualTo(Key.MAIL_DIGEST_CRON.defaultValue);
        assertThat(job.zone()).isEqualTo(ArxivSchedule.EASTERN);
    }

    @Test
    void aSiteThatReadsArxivsListingsQueuesOnlyOnceTheDaysListingIsReadAndOnlyOnce() {
        paperboy.close();
        paperboy = open(true);
        assertThat(paperboy.digestRun().isAnnouncementDay(DigestFixture.DAY.plusDays(1)))
                .as("a weekday whose listing is not read yet").isFalse();

        DigestJobs.queueDigests(paperboy, DigestFixture.DAY);
        DigestJobs.queueDigests(paperboy, DigestFixture.DAY);
        assertThat(digests()).isEqualTo(1);
    }

    @Test
    void aSiteThatDoesNotReadThemGoesByArxivsSchedule() {
        LocalDate tuesday = DigestFixture.DAY.plusDays(1);
        assertThat(paperboy.digestRun().isAnnouncementDay(tuesday)).isTrue();
        assertThat(paperboy.digestRun().isAnnouncementDay(LocalDate.of(2026, 12, 5))).as("a Saturday").isFalse();
        assertThat(paperboy.digestRun().isAnnouncementDay(LocalDate.of(2026, 12, 28))).as("after a holiday: no deadline on the 25th").isFalse();

        DigestJobs.queueDigests(paperboy, DigestFixture.DAY);
        assertThat(digests()).isEqualTo(1);
    }

    private int digests() {
        return paperboy.database().read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FROM outbox WHERE kind = 'digest-daily' AND period = '2026-11-30'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
