package org.paperboy.app;

import java.time.ZoneOffset;
import java.util.List;
import org.paperboy.mail.DeliveryReport;
import org.paperboy.mail.OutboxDelivery;
import org.paperboy.schedule.JobContext;
import org.paperboy.schedule.RecurringJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled delivery of the outbox, {@value #OUTBOX}: every 30 seconds, once per cluster, and at once when this
 * process queues mail ({@link Paperboy#outbox()} wakes it). None when mail is off: queued mail waits.
 */
final class MailJobs {

    static final String OUTBOX = "mail-outbox";
    private static final String EVERY_30_SECONDS = "*/30 * * * * *";

    private static final Logger log = LoggerFactory.getLogger(MailJobs.class);

    private MailJobs() {
    }

    static List<RecurringJob> of(Paperboy paperboy) {
        if (!paperboy.settings().mailEnabled()) {
            return List.of();
        }
        OutboxDelivery delivery = OutboxDelivery.of(paperboy.settings(), paperboy.database());
        return List.of(new RecurringJob(OUTBOX, EVERY_30_SECONDS, ZoneOffset.UTC, context -> deliver(delivery, context)));
    }

    /** A run stopped by a failure fails the job, so that the admin page shows it. */
    private static void deliver(OutboxDelivery delivery, JobContext context) {
        DeliveryReport report = delivery.deliverDue(context::stopping, progress -> { });
        if (report.total() > 0) {
            log.atInfo().addKeyValue("job", OUTBOX).log("mail: {}", report.summary());
        }
        if (report.stoppedBecause() != null) {
            throw new IllegalStateException("mail delivery stopped: " + report.stoppedBecause());
        }
    }
}
