package org.paperboy.app;

import java.time.Duration;
import java.util.List;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.embed.EmbeddingService;
import org.paperboy.ingest.arxiv.ArxivFetcher;
import org.paperboy.ingest.arxiv.ArxivSchedule;
import org.paperboy.ingest.arxiv.Harvest;
import org.paperboy.ingest.arxiv.HarvestReport;
import org.paperboy.ingest.arxiv.ListingJob;
import org.paperboy.ingest.arxiv.OaiHarvester;
import org.paperboy.ingest.arxiv.OaiRecord;
import org.paperboy.schedule.JobContext;
import org.paperboy.schedule.RecurringJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled jobs that keep a site up with arXiv: the harvest (OAI-PMH, every set of {@code arxiv.sets}) and the
 * reading of the announcement feeds, at the times of {@code arxiv.harvest-cron} and {@code arxiv.listing-cron} in
 * arXiv's time zone. Each runs once per cluster (see {@link org.paperboy.schedule.Scheduler}); both are safe to run
 * twice, since storing a paper or a listing again changes nothing.
 */
final class ArxivJobs {

    static final String HARVEST = "arxiv-harvest";
    static final String LISTINGS = "arxiv-listings";
    /** A paper a listing names and the catalog lacks is fetched in the background: no one waits on the page. */
    private static final Duration FETCH_PATIENCE = Duration.ofMinutes(2);
    /** More missing papers than this are harvested first: see {@link #getMissing}. */
    private static final int FETCH_BY_ID_AT_MOST = 20;

    private static final Logger log = LoggerFactory.getLogger(ArxivJobs.class);

    private final Paperboy paperboy;

    private ArxivJobs(Paperboy paperboy) {
        this.paperboy = paperboy;
    }

    /** The jobs, or none when {@code arxiv.harvest} is off. */
    static List<RecurringJob> of(Paperboy paperboy) {
        Settings settings = paperboy.settings();
        if (!settings.flag(Key.ARXIV_HARVEST)) {
            return List.of();
        }
        ArxivJobs jobs = new ArxivJobs(paperboy);
        try {
            return List.of(
                    new RecurringJob(HARVEST, settings.get(Key.ARXIV_HARVEST_CRON), ArxivSchedule.EASTERN, jobs::harvest),
                    new RecurringJob(LISTINGS, settings.get(Key.ARXIV_LISTING_CRON), ArxivSchedule.EASTERN, jobs::readListings));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("arxiv.harvest-cron and arxiv.listing-cron must be cron expressions with "
                    + "seconds first, such as '0 45 23 * * *', or '-': " + e.getMessage());
        }
    }

    /** Harvests every set; a set that failed fails the run, so that the scheduler's status shows it. */
    private void harvest(JobContext context) {
        List<String> failures = harvestSets(context);
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }

    /** Harvests every set (each run is recorded in the harvest state); returns the failures' reasons. */
    private List<String> harvestSets(JobContext context) {
        Harvest harvest = new Harvest(paperboy.settings(), paperboy.database(), paperboy.catalog())
                .withListener(new AfterEachBatch());
        return harvest.runConfiguredSets(context::stopping).stream()
                .filter(report -> report.outcome() == HarvestReport.Outcome.FAILED).map(HarvestReport::error).toList();
    }

    /** Reads the announcement feeds; gets the papers they name that the catalog lacks. */
    private void readListings(JobContext context) throws Exception {
        new ListingJob(paperboy.settings(), paperboy.database(), paperboy.catalog())
                .run(ids -> getMissing(ids, context));
        newPapersStored();
    }

    /**
     * Many missing papers mean the harvest has not read the evening's update yet (arXiv late, or the harvest failed):
     * a harvest gets them 2,500 to a request, where fetching by id takes a request each. What is still missing after
     * it is fetched by id.
     */
    private void getMissing(List<PaperId> ids, JobContext context) {
        List<PaperId> missing = ids;
        if (missing.size() > FETCH_BY_ID_AT_MOST) {
            log.info("the listing names {} papers the catalog lacks: harvesting before fetching by id", missing.size());
            harvestSets(context);
            missing = missing.stream().filter(id -> paperboy.catalog().find(id).isEmpty()).toList();
        }
        if (missing.isEmpty() || context.stopping()) {
            return;
        }
        ArxivFetcher fetcher = ArxivFetcher.open(paperboy.database(), paperboy.settings(), paperboy.catalog(),
                FETCH_PATIENCE);
        try {
            long found = fetcher.fetch(missing).stream().filter(ArxivFetcher.Found.class::isInstance).count();
            log.info("fetched {} of the {} listed papers the catalog lacked", found, missing.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the embedding job that papers arrived, so that their vectors need not wait for its next look. */
    private void newPapersStored() {
        paperboy.loadedEmbeddings().ifPresent(EmbeddingService::papersChanged);
    }

    /** After each stored batch: vectors to compute. */
    private final class AfterEachBatch implements OaiHarvester.Listener {
        @Override
        public void batchStored(List<OaiRecord> batch) {
            newPapersStored();
        }
    }
}
