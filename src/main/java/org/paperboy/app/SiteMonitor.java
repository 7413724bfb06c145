package org.paperboy.app;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.paperboy.config.Settings;
import org.paperboy.embed.EmbeddingJob;
import org.paperboy.embed.EmbeddingModels;
import org.paperboy.embed.EmbeddingService;
import org.paperboy.ingest.arxiv.HarvestState;
import org.paperboy.ingest.arxiv.ListingReads;
import org.paperboy.schedule.JobStatus;

/**
 * Takes a running site's {@link SiteStatus}. Staleness counts from the server's start (this monitor's creation) for a
 * set that has never completed a harvest, so that a site just set up is not unhealthy at once.
 *
 * <p>Freshness: what comes from the store (the harvest state, the scheduler's table, the last feed read: three small
 * queries) is read at most once every {@link #STORE_FRESHNESS} by {@link #current()}, which load balancers poll through
 * {@code /healthz}; {@link #fresh()} reads it now, for the admin page. The rest (readiness, the index's health, the
 * vectors, the catalog's counts) is in memory or the catalog's own cache, and always current. Owner: the web server
 * of this process (the admin page and {@code /healthz}). The store's part is bounded by age alone, so it is as fresh
 * after another node's commit (a harvest run by another node of a cluster) as after this node's.
 */
public final class SiteMonitor {

    static final Duration STORE_FRESHNESS = Duration.ofSeconds(5);

    private final Paperboy paperboy;
    private final Clock clock;
    private final Instant startedAt;
    private final LoadingCache<Boolean, StoreReads> storeReads;

    /** What the store says, read together. */
    private record StoreReads(List<HarvestState.SetState> sets, List<JobStatus> jobs, ListingReads.LastRead lastListing) {}

    public SiteMonitor(Paperboy paperboy) {
        this(paperboy, Clock.systemUTC());
    }

    SiteMonitor(Paperboy paperboy, Clock clock) {
        this.paperboy = paperboy;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.storeReads = Caffeine.newBuilder().expireAfterWrite(STORE_FRESHNESS).build(key -> readStore());
    }

    /** The status, with the store's part at most {@link #STORE_FRESHNESS} old. */
    public SiteStatus current() {
        return status(storeReads.get(Boolean.TRUE));
    }

    /** The status with the store read now. */
    public SiteStatus fresh() {
        StoreReads reads = readStore();
        storeReads.put(Boolean.TRUE, reads);
        return status(reads);
    }

    /** The vectors' state: what the running embedding job says, or why there is none. */
    public static SiteStatus.Vectors vectors(Paperboy paperboy) {
        Optional<EmbeddingService> loaded = paperboy.loadedEmbeddings();
        if (loaded.isPresent()) {
            EmbeddingJob.Status status = loaded.get().status();
            return new SiteStatus.Vectors(status.label(), status.missing(), status.lastError());
        }
        String label = EmbeddingModels.spec(paperboy.settings()).isPresent()
                ? "semantic index: loading the embedding model" : "semantic search is off (embedding.provider=none)";
        return new SiteStatus.Vectors(label, null, null);
    }

    private StoreReads readStore() {
        return new StoreReads(new HarvestState(paperboy.database()).all(), jobs(),
                new ListingReads(paperboy.database()).last().orElse(null));
    }

    /** The scheduler's table, shared by every node: readable whether or not this node runs the jobs. */
    private List<JobStatus> jobs() {
        try {
            return paperboy.scheduler().status();
        } catch (IllegalStateException closing) {
            return List.of();
        }
    }

    private boolean schedulerRunsHere() {
        try {
            return paperboy.scheduler().isRunning();
        } catch (IllegalStateException closing) {
            return false;
        }
    }

    private SiteStatus status(StoreReads reads) {
        Instant now = clock.instant();
        Settings settings = paperboy.settings();
        boolean harvesting = settings.flag(Settings.Key.ARXIV_HARVEST);
        long staleAfterHours = settings.integer(Settings.Key.ARXIV_STALE_AFTER);
        Duration staleAfter = harvesting && staleAfterHours > 0 ? Duration.ofHours(staleAfterHours) : null;
        Map<String, HarvestState.SetState> states = reads.sets().stream()
                .collect(Collectors.toMap(HarvestState.SetState::set, Function.identity()));
        List<SiteStatus.SetStatus> sets = new ArrayList<>();
        for (String set : settings.arxivSets()) {
            HarvestState.SetState state = states.remove(set);
            Instant freshSince = state != null && state.lastCompletedAt() != null ? state.lastCompletedAt() : startedAt;
            boolean stale = staleAfter != null && freshSince.plus(staleAfter).isBefore(now);
            sets.add(new SiteStatus.SetStatus(set, true, state, freshSince, stale));
        }
        reads.sets().stream().filter(state -> states.containsKey(state.set())).forEach(state ->
                sets.add(new SiteStatus.SetStatus(state.set(), false, state, state.lastCompletedAt(), false)));
        SiteStatus.Arxiv arxiv = new SiteStatus.Arxiv(harvesting, staleAfterHours, List.copyOf(sets), reads.jobs(),
                schedulerRunsHere(), reads.lastListing());
        return new SiteStatus(now, paperboy.ready(), arxiv, paperboy.catalog().count(),
                paperboy.catalog().latestAnnouncementDay().orElse(null), vectors(paperboy),
                paperboy.indexSync().health());
    }
}
