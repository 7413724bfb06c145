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

    public IndexSync(Catalog catalog, VectorSource vectors, SearchIndex index) {
        this.catalog = catalog;
        this.vectors = vectors;
        this.index = index;
    }

    /** Applies every change the index has not seen; {@code progress} receives the sequence reached after each batch. */
    public synchronized long catchUp(LongConsumer progress) {
        long applied = 0;
        while (true) {
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

    /** Follows the catalog on a daemon thread, polling every {@code intervalMillis}: imports by other processes show up too. */
    public void follow(long intervalMillis) {
        Thread thread = Thread.ofPlatform().name("index-sync").daemon().unstarted(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long applied = catchUp(seq -> {});
                    if (applied > 0) {
                        log.atInfo().addKeyValue("papers", applied).addKeyValue("seq", index.appliedSeq()).log("index caught up");
                    }
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.error("indexing failed; retrying in 10 s", e);
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        });
        follower = thread;
        thread.start();
    }

    @Override
    public void close() {
        Thread thread = follower;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
