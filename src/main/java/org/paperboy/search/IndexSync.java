package org.paperboy.search;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.ClusterLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search index in step with the catalog by following the catalog's change sequence. Each batch of
 * documents is committed together with the sequence number it reaches, so after a crash the index resumes exactly
 * where its last commit left it: nothing lost, nothing applied twice, no document the store does not have.
 *
 * <p>Sequence numbers alone cannot tell an index that the store under it changed: a new database, or an older copy of
 * this one (a restored backup, commits lost in a power cut), hands out again numbers the index believes it applied.
 * So each catch-up first compares the index's commit with the store's {@link StoreLedger} and rebuilds the index if it
 * was built from another store (another epoch), or if it applied more than the store remembers any index being told
 * to apply: the store is then older than the index, even when imports since have taken its counter past the index's.
 * Finding that also gives the store a new epoch, so that other copies of the index from before are rebuilt too.
 * Not seen: an older copy of the store under an index that applied no more than that copy holds (harmless: the index
 * goes on from there); and, with several indexes following one store, a roll-back that an index behind it has moved
 * the ledger past before an index ahead of it checks.
 */
public final class IndexSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndexSync.class);
    static final int BATCH = 1_000;
    /**
     * Papers applied since the last merge after which an index that has caught up is merged into one segment. Each
     * batch is committed as a segment of its own, and Lucene's merge policy leaves ten equal segments unmerged: a
     * bulk import would otherwise be searched as ten HNSW graphs and ten posting lists, each search paying for all.
     * Below this, the daily trickle of harvested papers is left to the merge policy.
     */
    static final int MERGE_AFTER = 5 * BATCH;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

    /** Where stored embeddings come from; papers it has no vector for are indexed for keyword search only. */
    @FunctionalInterface
    public interface VectorSource {
        Map<PaperId, float[]> vectorsFor(Collection<PaperId> ids);

        VectorSource NONE = ids -> Map.of();
    }

    private final Catalog catalog;
    private final StoreLedger ledger;
    private final VectorSource vectors;
    private final SearchIndex index;
    /** Held by the one node that writes an index the cluster shares; null when this node follows its own index. */
    private final ClusterLock writer;
    private final IndexHealth health = new IndexHealth();
    private long appliedSinceMerge; // guarded by this
    private volatile Thread follower;
    private volatile boolean stopping;
    private final Object stopSignal = new Object();

    /** Follows the catalog into an index of this node's own. */
    public IndexSync(Catalog catalog, StoreLedger ledger, VectorSource vectors, SearchIndex index) {
        this(catalog, ledger, vectors, index, null);
    }

    /**
     * Follows the catalog into {@code index}; when {@code writer} is given (an index the whole cluster shares), the
     * follower applies changes only while this node holds it, and the node that takes it over resumes from the
     * index's applied sequence.
     */
    public IndexSync(Catalog catalog, StoreLedger ledger, VectorSource vectors, SearchIndex index, ClusterLock writer) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.vectors = vectors;
        this.index = index;
        this.writer = writer;
    }

    /**
     * Applies every change the index has not seen, after rebuilding it if it does not follow this store as it is
     * now; {@code progress} receives the sequence reached after each batch. Returns the papers applied.
     */
    public long catchUp(LongConsumer progress) {
        return catchUp(progress, () -> true);
    }

    /** As above, between batches also stopping when {@code mayGoOn} says so (the follower lost its writer lock). */
    private synchronized long catchUp(LongConsumer progress, java.util.function.BooleanSupplier mayGoOn) {
        startOverUnlessFollowingThisStore();
        long applied = 0;
        while (!stopping && mayGoOn.getAsBoolean()) {
            List<Catalog.Change> changes = catalog.changesSince(index.appliedSeq(), BATCH);
            if (changes.isEmpty()) {
                index.caughtUp();
                mergeAfterBulkLoad();
                return applied;
            }
            Map<PaperId, float[]> found = vectors.vectorsFor(changes.stream().map(c -> c.paper().id()).toList());
            List<IndexedPaper> papers = changes.stream()
                    .map(c -> new IndexedPaper(c.paper(), found.get(c.paper().id())))
                    .toList();
            long through = changes.getLast().seq();
            ledger.recordIndexingThrough(through);
            report(index.apply(papers, through), changes);
            applied += papers.size();
            appliedSinceMerge += papers.size();
            progress.accept(through);
        }
        return applied; // stopped between batches: the next start resumes from the last commit
    }

    /** Counts papers applied in several catch-ups too: an import running beside the follower arrives in pieces. */
    private void mergeAfterBulkLoad() {
        if (appliedSinceMerge < MERGE_AFTER) {
            return;
        }
        long start = System.nanoTime();
        index.forceMerge(1);
        log.atInfo().addKeyValue("papers", appliedSinceMerge)
                .log("merged the search index into one segment after a bulk load ({} ms)", (System.nanoTime() - start) / 1_000_000);
        appliedSinceMerge = 0;
    }

    /** Changes the catalog has that the index has not applied yet. */
    public long pending() {
        return Math.max(0, catalog.lastChangeSeq() - index.appliedSeq());
    }

    /** Rebuilds the index from nothing. */
    public synchronized long rebuild(LongConsumer progress) {
        index.clear(ledger.read().epoch());
        return catchUp(progress);
    }

    /** Whether following works, and the papers the index could not take as they are (since this process started). */
    public IndexHealth.Status health() {
        boolean writes = writer == null || writer.held();
        try {
            return health.status(index.appliedSeq(), writes);
        } catch (RuntimeException e) {
            return health.unreachable(writes, e);
        }
    }

    private void startOverUnlessFollowingThisStore() {
        StoreLedger.Entry store = ledger.read();
        Optional<String> epoch = index.storeEpoch();
        long applied = index.appliedSeq();
        String epochToFollow = store.epoch();
        String why;
        if (epoch.isEmpty()) {
            why = applied == 0 ? null : "the index predates store epochs";
        } else if (!epoch.get().equals(store.epoch())) {
            why = "the index was built from another store, or from this one before it was restored";
        } else if (applied > store.indexedThrough()) {
            why = "the store is older than the index (it applied change " + applied + ", the store knows of changes up to "
                    + store.indexedThrough() + "): was it restored from a backup, or did it lose its last commits?";
            // Any other copy of the index built before now is as far ahead: a new epoch makes it rebuild too.
            epochToFollow = ledger.newEpoch();
        } else {
            return;
        }
        if (why != null) {
            log.atWarn().addKeyValue("appliedSeq", applied).log("rebuilding the search index: " + why);
        }
        index.clear(epochToFollow);
    }

    private void report(List<SearchIndex.Refused> refused, List<Catalog.Change> changes) {
        if (refused.isEmpty()) {
            return;
        }
        Map<PaperId, Long> seqs = new HashMap<>();
        changes.forEach(c -> seqs.put(c.paper().id(), c.seq()));
        refused.forEach(r -> health.refused(r, seqs.get(r.paper())));
        SearchIndex.Refused first = refused.getFirst();
        log.atWarn().addKeyValue("papers", refused.size()).addKeyValue("example", first.paper().value())
                .log("the search index refused {} paper(s) as they are and indexed the rest: {} was {}, because: {}. "
                        + "They are retried when they change, or by `paperboy reindex`; /healthz lists them",
                        refused.size(), first.paper().value(),
                        first.indexedWithoutVector() ? "indexed without its vector" : "left out", first.reason());
    }

    /**
     * Follows the catalog on a daemon thread, polling every {@code intervalMillis}: imports by other processes show
     * up too. A failed catch-up is retried after a pause that doubles with each failure in a row, up to
     * {@link #LONGEST_RETRY}; meanwhile {@link #health()} reports the index stalled. The thread is stopped by
     * {@link #close} with a flag, never by interrupting it: an interrupt during Lucene's file I/O closes the channel
     * under the index writer. With a {@code writer} lock (an index the cluster shares) it applies changes only while
     * this node holds the lock, and asks for it again every {@code intervalMillis}.
     */
    public void follow(long intervalMillis) {
        Thread thread = Thread.ofPlatform().name("index-sync").daemon().unstarted(() -> {
            while (!stopping) {
                if (writing()) {
                    pauseUnlessStopping(attempt(intervalMillis));
                } else {
                    health.notWriting();
                    pauseUnlessStopping(intervalMillis);
                }
            }
        });
        follower = thread;
        thread.start();
    }

    /** Whether this node writes the index now: its own index always, a shared one while it holds the writer lock. */
    private boolean writing() {
        return writer == null || writer.tryHold();
    }

    /** One catch-up of the follower; returns how long to pause before the next. */
    long attempt(long intervalMillis) {
        try {
            long applied = catchUp(seq -> {}, this::writing);
            health.caughtUp();
            if (applied > 0) {
                log.atInfo().addKeyValue("papers", applied).addKeyValue("seq", index.appliedSeq()).log("index caught up");
            }
            return intervalMillis;
        } catch (RuntimeException e) {
            int failures = health.failed(e);
            long pause = retryPause(failures).toMillis();
            if (failures == 1) {
                log.error("indexing failed; new papers are not searchable until it works again. Retrying in {} s", pause / 1000, e);
            } else {
                log.error("indexing still failing ({} attempts in a row), retrying in {} s: {}", failures, pause / 1000, e.toString());
            }
            return pause;
        }
    }

    /** The pause after {@code failures} failed catch-ups in a row: doubling from {@link #FIRST_RETRY}, bounded. */
    static Duration retryPause(int failures) {
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
        return pause.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause;
    }

    private void pauseUnlessStopping(long millis) {
        synchronized (stopSignal) {
            if (!stopping) {
                try {
                    stopSignal.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }

    /** Stops following: lets a catch-up in progress finish its batch (up to 10 s), then returns. */
    @Override
    public void close() {
        synchronized (stopSignal) {
            stopping = true;
            stopSignal.notifyAll();
        }
        Thread thread = follower;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (writer != null) {
            writer.close();
        }
    }
}
