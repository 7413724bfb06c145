package org.paperboy.mail.digest;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.paperboy.catalog.Catalog;
import org.paperboy.mail.MailMessage;
import org.paperboy.mail.Outbox;
import org.paperboy.storage.Database;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Subscription;
import org.paperboy.subscription.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues the digests due on a day: a daily digest to each confirmed daily subscriber when arXiv announced papers
 * that day, a weekly one to each weekly subscriber on {@code mail.weekly-day}. Each is queued with the outbox's key
 * (address, {@code digest-daily}/{@code digest-weekly}, the day or ISO week), in the transaction that notes it on
 * the subscription: running again for the same day, on any node, queues nothing new.
 */
public final class DigestRun {

    private static final Logger log = LoggerFactory.getLogger(DigestRun.class);

    /** What a run did (or, dry, would do). */
    public record Summary(LocalDate day, boolean dryRun, int due, int queued, int alreadyQueued, int skippedEmpty,
                          int failed) {
        /** One line for people: "2026-11-30: 12 due, 10 queued, 1 already queued, 1 skipped (empty), 0 failed". */
        public String line() {
            return day + (dryRun ? " (dry run, nothing queued)" : "") + ": " + due + " due, " + queued
                    + (dryRun ? " to queue, " : " queued, ") + alreadyQueued + " already queued, " + skippedEmpty
                    + " skipped (empty), " + failed + " failed";
        }
    }

    private final Database database;
    private final Catalog catalog;
    private final Subscriptions subscriptions;
    private final DigestBuilder builder;
    private final Outbox outbox;
    private final DayOfWeek weeklyDay;
    private final java.util.function.Predicate<LocalDate> announcementDay;
    private final Runnable afterQueue;

    /**
     * @param announcementDay whether arXiv announces papers on a day: daily digests go out on those days only
     * @param afterQueue runs after a run that queued something: the outbox's delivery, where a site has one
     */
    public DigestRun(Database database, Catalog catalog, Subscriptions subscriptions, DigestBuilder builder,
            Outbox outbox, DayOfWeek weeklyDay, java.util.function.Predicate<LocalDate> announcementDay,
            Runnable afterQueue) {
        this.database = database;
        this.catalog = catalog;
        this.subscriptions = subscriptions;
        this.builder = builder;
        this.outbox = outbox;
        this.weeklyDay = weeklyDay;
        this.announcementDay = announcementDay;
        this.afterQueue = afterQueue;
    }

    /** The day digests are for when none is given: the latest day arXiv announced papers on. */
    public Optional<LocalDate> latestAnnouncedDay() {
        return catalog.latestAnnouncementDay();
    }

    /** Whether daily digests go out on this day: one arXiv announces papers on (see the constructor). */
    public boolean isAnnouncementDay(LocalDate day) {
        return announcementDay.test(day);
    }

    public Summary run(LocalDate day, boolean dryRun) {
        List<Subscription> due = due(day);
        int queued = 0;
        int already = 0;
        int empty = 0;
        int failed = 0;
        for (Subscription subscription : due) {
            DigestPeriod period = new DigestPeriod(subscription.frequency(), day);
            if (period.key().equals(subscription.lastDigestPeriod())) {
                already++;
                continue;
            }
            try {
                Optional<MailMessage> digest = builder.build(subscription, period);
                if (digest.isEmpty()) {
                    empty++;
                } else if (dryRun || queue(subscription, period, digest.get())) {
                    queued++;
                } else {
                    already++;
                }
            } catch (RuntimeException e) {
                log.atWarn().setCause(e).addKeyValue("subscription", subscription.id())
                        .log("the {} digest of subscription {} failed: {}", period.key(), subscription.id(), e.toString());
                failed++;
            }
        }
        Summary summary = new Summary(day, dryRun, due.size(), queued, already, empty, failed);
        log.info("digests {}", summary.line());
        if (!dryRun && queued > 0) {
            afterQueue.run();
        }
        return summary;
    }

    private List<Subscription> due(LocalDate day) {
        boolean dailyDue = isAnnouncementDay(day);
        return subscriptions.confirmed().stream()
                .filter(s -> s.frequency() == Frequency.DAILY ? dailyDue : day.getDayOfWeek() == weeklyDay)
                .toList();
    }

    private boolean queue(Subscription subscription, DigestPeriod period, MailMessage digest) {
        return database.inTransaction(c -> {
            boolean queued = outbox.enqueue(c, period.kind(), period.key(), digest);
            if (queued) {
                subscriptions.recordDigest(c, subscription.id(), period.key());
            }
            return queued;
        });
    }
}
