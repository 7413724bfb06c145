package org.paperboy.app;

import java.time.LocalDate;
import java.util.List;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings.Key;
import org.paperboy.ingest.arxiv.ArxivSchedule;
import org.paperboy.mail.digest.DigestRun;
import org.paperboy.schedule.RecurringJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled job that queues the day's digests ({@code mail.digest-cron}, in arXiv's time zone). On a site that
 * reads arXiv's listings it queues only once the day's listing has been read, so that a digest never goes out before
 * the papers it should list; a run that finds the listing missing leaves it to the next. A site that does not goes by
 * arXiv's schedule (see {@link Paperboy#digestRun()}). Running twice queues nothing new (see {@link DigestRun}). On a
 * day arXiv announces nothing (a holiday) no digest goes out, weekly ones included.
 */
final class DigestJobs {

    static final String DIGESTS = "mail-digests";

    private static final Logger log = LoggerFactory.getLogger(DigestJobs.class);

    private DigestJobs() {}

    /** None when mail is off: digests queued then would all go out, stale, once it is turned on. */
    static List<RecurringJob> of(Paperboy paperboy) {
        if (!paperboy.settings().mailEnabled()) {
            return List.of();
        }
        try {
            return List.of(new RecurringJob(DIGESTS, paperboy.settings().get(Key.MAIL_DIGEST_CRON), ArxivSchedule.EASTERN,
                    context -> queueDigests(paperboy, LocalDate.now(ArxivSchedule.EASTERN))));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mail.digest-cron must be a cron expression with seconds first, such as "
                    + "'0 15 1 * * MON-FRI', or '-': " + e.getMessage());
        }
    }

    /** Queues the digests due today, once today's listing has been read. */
    static void queueDigests(Paperboy paperboy, LocalDate today) {
        DigestRun run = paperboy.digestRun();
        if (!run.isAnnouncementDay(today)) {
            log.info("no daily digests: arXiv announces nothing on {}, or its listing has not been read yet", today);
            return;
        }
        DigestRun.Summary summary = run.run(today, false);
        if (summary.failed() > 0) {
            throw new IllegalStateException(summary.failed() + " digests failed: " + summary.line());
        }
    }
}
