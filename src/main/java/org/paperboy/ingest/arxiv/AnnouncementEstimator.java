package org.paperboy.ingest.arxiv;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Announcement;
import org.paperboy.catalog.Announcements;

/**
 * Estimates when arXiv announced the versions of harvested papers, for those whose listing was never read: OAI-PMH
 * does not say, and an announcement feed shows only the latest listing, so a day missed can never be read later. From
 * each version's submission time, {@link ArxivSchedule} gives the first listing it could be in: version 1 is estimated
 * as a new submission (which gives a paper without an announcement day that day), a later version as a replacement.
 * Estimates never override what arXiv's own listings said (see {@link Announcements}).
 */
public final class AnnouncementEstimator {

    private final ArxivSchedule schedule;
    private final Announcements announcements;
    private final Clock clock;

    public AnnouncementEstimator(ArxivSchedule schedule, Announcements announcements, Clock clock) {
        this.schedule = schedule;
        this.announcements = announcements;
        this.clock = clock;
    }

    /**
     * Estimates the announcements of a batch of records the harvester has just stored (its per-batch hook). Records
     * without version dates (formats other than arXivRaw), or versions without one, tell nothing. Returns the estimates recorded.
     */
    public int estimateFor(List<OaiRecord> records) {
        LocalDate latestListing = LocalDate.now(clock.withZone(ArxivSchedule.EASTERN)).plusDays(1);
        List<Announcement> estimates = new ArrayList<>();
        for (OaiRecord record : records) {
            for (OaiRecord.Version version : record.versions()) {
                if (version.submitted() == null) {
                    continue;
                }
                LocalDate day = schedule.earliestListingDay(version.submitted());
                // Later than the next listing: the version's date is wrong, or the schedule; no estimate is better.
                if (!day.isAfter(latestListing)) {
                    estimates.add(new Announcement(record.paper().id(), version.number(),
                            version.number() == 1 ? AnnounceType.NEW : AnnounceType.REPLACE, day));
                }
            }
        }
        return estimates.isEmpty() ? 0 : announcements.recordEstimates(estimates);
    }
}
