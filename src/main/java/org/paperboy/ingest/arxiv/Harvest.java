package org.paperboy.ingest.arxiv;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.paperboy.catalog.Announcements;
import org.paperboy.catalog.Catalog;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog up with arXiv: harvests the configured sets ({@code arxiv.sets}) from where the store's
 * {@link HarvestState} says each one stands, and records every run there. What the scheduler runs, and what
 * {@code paperboy harvest} runs in the foreground. Safe to run twice at once (upserts, and a completed day that only
 * moves forward), though arXiv is asked twice as much.
 */
public final class Harvest {

    private static final Logger log = LoggerFactory.getLogger(Harvest.class);

    /** How far back the first harvest of a set starts: papers announced in the last few days, not arXiv's history. */
    public static final int FIRST_HARVEST_DAYS = 3;
    /**
     * An incremental harvest starts this many days before the last completed one's response day: records changed
     * later that day, after the listing was read, and a clock that disagrees with arXiv's are caught by the overlap.
     */
    public static final int OVERLAP_DAYS = 1;

    private final Settings settings;
    private final HarvestState state;
    private final OaiHarvester harvester;
    private final Clock clock;
    private final OaiHarvester.Listener listener;
    private final AnnouncementEstimator estimator;

    /** A harvest with the site's settings ({@code arxiv.oai-url}, {@code arxiv.request-interval}, {@code arxiv.sets}). */
    public Harvest(Settings settings, Database database, Catalog catalog) {
        this(settings, database, catalog,
                ArxivHttp.Options.harvesting(settings.seconds(Settings.Key.ARXIV_REQUEST_INTERVAL)), Clock.systemUTC());
    }

    Harvest(Settings settings, Database database, Catalog catalog, ArxivHttp.Options options, Clock clock) {
        this(settings, new HarvestState(database), new OaiHarvester(ArxivHttp.open(database, settings, options),
                settings.get(Settings.Key.ARXIV_OAI_URL), catalog, clock), clock, new OaiHarvester.Listener() {},
                new AnnouncementEstimator(ArxivSchedule.of(settings), new Announcements(catalog), clock));
    }

    private Harvest(Settings settings, HarvestState state, OaiHarvester harvester, Clock clock,
                    OaiHarvester.Listener listener, AnnouncementEstimator estimator) {
        this.settings = settings;
        this.state = state;
        this.harvester = harvester;
        this.clock = clock;
        this.listener = listener;
        this.estimator = estimator;
    }

    /** This harvest, telling {@code newListener} of every stored batch and of progress. */
    public Harvest withListener(OaiHarvester.Listener newListener) {
        return new Harvest(settings, state, harvester, clock, newListener, estimator);
    }

    public HarvestState state() {
        return state;
    }

    /**
     * Harvests every set of {@code arxiv.sets} in turn, each from where it stands. A set that fails is reported and
     * the others are harvested all the same; {@code stopping} ends the set in flight cleanly and skips the rest.
     *
     * @return one report per set harvested, in the order of the setting
     */
    public List<HarvestReport> runConfiguredSets(BooleanSupplier stopping) {
        List<HarvestReport> reports = new ArrayList<>();
        for (String set : settings.arxivSets()) {
            if (stopping.getAsBoolean()) {
                break;
            }
            reports.add(incremental(set, stopping));
        }
        return reports;
    }

    /** Harvests {@code set} from {@link #incrementalFrom} to the present. */
    public HarvestReport incremental(String set, BooleanSupplier stopping) {
        return run(set, incrementalFrom(set), null, stopping);
    }

    /**
     * Harvests {@code set} over days of one's choosing (null {@code until}: to the present). The set's completed day
     * moves only forward, and only when the range joins what was harvested before.
     */
    public HarvestReport backfill(String set, LocalDate from, LocalDate until, BooleanSupplier stopping) {
        return run(set, from, until, stopping);
    }

    /**
     * Where an incremental harvest of {@code set} starts: {@value #OVERLAP_DAYS} day before its last completed day,
     * or {@value #FIRST_HARVEST_DAYS} days back for a set never harvested to completion.
     */
    public LocalDate incrementalFrom(String set) {
        return state.find(set).map(HarvestState.SetState::lastCompletedDay)
                .map(day -> day.minusDays(OVERLAP_DAYS))
                .orElseGet(() -> LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(FIRST_HARVEST_DAYS));
    }

    private HarvestReport run(String set, LocalDate from, LocalDate until, BooleanSupplier stopping) {
        log.info("harvesting set {} from {}{}", set, from, until == null ? "" : " until " + until);
        state.started(set, from, until, clock.instant());
        HarvestReport report = harvester.harvest(set, from, until, estimatingFirst(), stopping);
        state.ended(report, clock.instant());
        String counts = String.format("%,d records in %,d pages: %,d added, %,d updated, %,d unchanged, %,d skipped; "
                        + "%,d requests, %d s waiting on arXiv, %d s in all", report.records(), report.pages(),
                report.added(), report.updated(), report.unchanged(), report.skipped(), report.requests(),
                report.waited().toSeconds(), report.elapsed().toSeconds());
        switch (report.outcome()) {
            case FAILED -> log.warn("the harvest of set {} failed after {}: {}", set, counts, report.error());
            case STOPPED -> log.info("the harvest of set {} stopped after {}", set, counts);
            default -> log.info("harvested set {}: {}", set, counts);
        }
        return report;
    }

    /**
     * OAI-PMH never says when arXiv announced a paper: each stored batch gets estimated announcement days for what no
     * listing named (see {@link AnnouncementEstimator}) before the listener hears of it.
     */
    private OaiHarvester.Listener estimatingFirst() {
        return new OaiHarvester.Listener() {
            @Override
            public void batchStored(List<OaiRecord> batch) {
                estimator.estimateFor(batch);
                listener.batchStored(batch);
            }

            @Override
            public void progressed(HarvestReport soFar) {
                listener.progressed(soFar);
            }
        };
    }
}
