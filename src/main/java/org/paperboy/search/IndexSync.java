package org.paperboy.search;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.PaperId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search index in step with the catalog by following the catalog's change sequence. Each batch of
 * documents is committed together with the sequence number it reaches, so after a crash the index resumes exactly
 * where its last commit left it: nothing lost, nothing applied twice, no document the store does not have.
 */
public final class IndexSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndexSync.class);
    static final int BATCH = 1_000;

    /** Where stored embeddings come from; papers it has no vector for are indexed for keyword search only. */
    @FunctionalInterface
    public interface VectorSource {
        Map<PaperId, float[]> vectorsFor(Collection<PaperId> ids);

        VectorSource NONE = ids -> Map.of();
    }

    private final Catalog catalog;
    private final VectorSource vectors;
    private final SearchIndex index;
    private volatile Thread follower;
    private volatile boolean stopping;
    private final Object stopSignal = new Object();

    public IndexSync(Catalog catalog, VectorSource vectors, SearchIndex index) {
        this.catalog = catalog;
        this.vectors = vectors;
        this.index = index;
    }

    /** Applies every change the index has not seen; {@code progress} receives the sequence reached after each batch. */
    public synchronized long catchUp(LongConsumer progress) {
        long applied = 0;
        while (!stopping) {
            List<Catalog.Change> changes = catalog.changesSince(index.appliedSeq(), BATCH);
            if (changes.isEmpty()) {
                return applied;
            }
            Map<PaperId, float[]> found = vectors.vectorsFor(changes.stream().map(c -> c.paper().id()).toList());
            List<IndexedPaper> papers = changes.stream()
                    .map(c -> new IndexedPaper(c.paper(), found.get(c.paper().id())))
                    .toList();
            long through = changes.getLast().seq();
            index.apply(papers, through);
            applied += papers.size();
            progress.accept(through);
        }
        return applied; // stopped between batches: the next start resumes from the last commit
    }

    /** Changes the catalog has that the index has not applied yet. */
    public long pending() {
        return Math.max(0, catalog.lastChangeSeq() - index.appliedSeq());
    }

    /** Rebuilds the index from nothing. */
    public synchronized long rebuild(LongConsumer progress) {
        index.clear();
        return catchUp(progress);
    }

    /**
     * Follows the catalog on a daemon thread, polling every {@code intervalMillis}: imports by other processes show
     * up too. The thread is stopped by {@link #close} with a flag, never by interrupting it: an interrupt during
     * Lucene's file I/O closes the channel under the index writer.
     */
    public void follow(long intervalMillis) {
        Thread thread = Thread.ofPlatform().name("index-sync").daemon().unstarted(() -> {
            while (!stopping) {
                long pause = intervalMillis;
                try {
                    long applied = catchUp(seq -> {});
                    if (applied > 0) {
                        log.atInfo().addKeyValue("papers", applied).addKeyValue("seq", index.appliedSeq()).log("index caught up");
                    }
                } catch (RuntimeException e) {
                    log.error("indexing failed; retrying in 10 s", e);
                    pause = 10_000;
                }
                pauseUnlessStopping(pause);
            }
        });
        follower = thread;
        thread.start();
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
    }
}
