package org.paperboy.ingest.arxiv;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Announcement;
import org.paperboy.catalog.Announcements;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads arXiv's announcement feed for the configured categories ({@code arxiv.sets}) once and records what it
 * announced (see {@link Announcements}): which papers, as what, on which listing day. The feed shows only the latest
 * listing, so this runs every day arXiv publishes one, after midnight US Eastern when the feed is rebuilt; a day
 * missed is estimated from the harvested papers' dates instead ({@link AnnouncementEstimator}). Safe to run twice: the
 * second read of a listing changes nothing. Each read, failed or not, is kept in {@link ListingReads}.
 */
public final class ListingJob {

    private static final Logger log = LoggerFactory.getLogger(ListingJob.class);

    private final ArxivHttp http;
    private final String feed;
    private final URI feedUri;
    private final Announcements announcements;
    private final ListingReads reads;
    private final ArxivSchedule schedule;
    private final Clock clock;

    /** The job for this site's settings ({@code arxiv.listing-url}, {@code arxiv.sets}, {@code arxiv.holidays}). */
    public ListingJob(Settings settings, Database database, Catalog catalog) {
        this(ArxivHttp.open(database, settings,
                        ArxivHttp.Options.harvesting(settings.seconds(Settings.Key.ARXIV_REQUEST_INTERVAL))),
                settings, new Announcements(catalog), new ListingReads(database), Clock.systemUTC());
    }

    ListingJob(ArxivHttp http, Settings settings, Announcements announcements, ListingReads reads, Clock clock) {
        this.http = http;
        this.feed = feedCategories(settings.arxivSets());
        this.feedUri = feedUri(settings.get(Settings.Key.ARXIV_LISTING_URL), settings.arxivSets());
        this.announcements = announcements;
        this.reads = reads;
        this.schedule = ArxivSchedule.of(settings);
        this.clock = clock;
    }

    /**
     * Reads the feed once and records its listing; then hands the papers it names that the catalog lacks to
     * {@code fetchMissing} (which stores them: they take their announcement day from the recorded listing). An empty
     * feed (a weekend, a holiday, or arXiv late) records nothing.
     *
     * @throws ArxivUnavailableException  when arXiv did not answer within the attempts and time allowed
     * @throws MalformedResponseException when the answer is no Atom feed: nothing is recorded
     * @throws RuntimeException            whatever {@code fetchMissing} throws, the listing being recorded by then
     */
    public ListingRun run(Consumer<List<PaperId>> fetchMissing) throws IOException, InterruptedException {
        Objects.requireNonNull(fetchMissing, "fetchMissing");
        Instant started = clock.instant();
        ListingReader.Listing listing;
        ListingRun run;
        try {
            listing = http.get(feedUri, new ListingReader(clock)::read);
            run = record(listing);
        } catch (IOException | RuntimeException e) {
            reads.failed(feed, e.getMessage(), started);
            log.warn("reading arXiv's announcement feed {} failed: {}", feedUri, e.getMessage());
            throw e;
        }
        reads.succeeded(run, started);
        run.problems().forEach(p -> log.warn("skipped an entry of the feed {} ({}): {}", feed, p.identifier(), p.reason()));
        log.info("{}", run.summary());
        if (!run.missing().isEmpty()) {
            fetchMissing.accept(run.missing());
        }
        return run;
    }

    private ListingRun record(ListingReader.Listing listing) {
        List<Announcement> entries = listing.entries();
        boolean todayIsListingDay = schedule.isListingDay(LocalDate.now(clock.withZone(ArxivSchedule.EASTERN)));
        if (entries.isEmpty()) {
            return new ListingRun(feed, null, Map.of(), 0, List.of(), listing.problems(), todayIsListingDay);
        }
        Announcements.Recorded recorded = announcements.recordListing(entries);
        Map<AnnounceType, Integer> counts = new EnumMap<>(AnnounceType.class);
        entries.forEach(e -> counts.merge(e.type(), 1, Integer::sum));
        LocalDate day = entries.stream().map(Announcement::day).max(Comparator.naturalOrder()).orElseThrow();
        return new ListingRun(feed, day, counts, recorded.changed(), recorded.missing(), listing.problems(),
                todayIsListingDay);
    }

    /** The feed of these OAI sets: {@code BASE/cs+cs.AI+hep-th} for {@code cs, cs:cs:AI, physics:hep-th}. */
    static URI feedUri(String base, List<String> sets) {
        return URI.create((base.endsWith("/") ? base : base + "/") + feedCategories(sets));
    }

    private static String feedCategories(List<String> sets) {
        return sets.stream().map(ListingJob::feedCategory).distinct().collect(Collectors.joining("+"));
    }

    /**
     * The feed's name for an OAI set: an archive ({@code cs}, {@code physics:hep-th}) is its archive, a category
     * ({@code cs:cs:AI}) is {@code archive.CATEGORY}.
     */
    static String feedCategory(String set) {
        String[] parts = set.split(":");
        return switch (parts.length) {
            case 1 -> parts[0];
            case 2 -> parts[1];
            default -> parts[1] + "." + parts[2];
        };
    }
}
