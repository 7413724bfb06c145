package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.storage.ClusterLock;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.TestPapers;

/**
 * Two Paperboy nodes on one PostgreSQL following the catalog into one index that they share (as they share an
 * OpenSearch cluster): one node writes it at a time, never both at once, and when that node stops the other resumes
 * from the index's applied sequence, losing nothing. An index of a node's own is followed by that node regardless.
 */
class SharedIndexFollowerTest {

    @TempDir
    Path dir;

    /** An index both nodes use, remembering which node applied what, and whether two applies ever overlapped. */
    static final class SharedIndex implements SearchIndex {
        final Map<PaperId, Integer> documents = new ConcurrentHashMap<>();
        /** Papers applied, by the id of the thread (a node's follower) that applied them. */
        final Map<Long, AtomicInteger> appliedBy = new ConcurrentHashMap<>();
        final AtomicInteger applying = new AtomicInteger();
        final AtomicBoolean overlapped = new AtomicBoolean();
        private final boolean shared;
        private volatile long appliedSeq;
        private volatile String epoch;

        SharedIndex(boolean shared) {
            this.shared = shared;
        }

        @Override
        public boolean sharedByCluster() {
            return shared;
        }

        /** Once set, the first follower thread that applies, and only that one, fails from then on. */
        volatile boolean refuseFirstWriter;
        final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong(-1);

        @Override
        public List<Refused> apply(List<IndexedPaper> papers, long throughSeq) {
            long thread = Thread.currentThread().threadId();
            if (refuseFirstWriter && (refused.compareAndSet(-1, thread) || refused.get() == thread)) {
                throw new IllegalStateException("this node's writes are refused");
            }
            if (applying.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                Thread.sleep(20);
                papers.forEach(p -> documents.merge(p.paper().id(), 1, Integer::sum));
                appliedBy.computeIfAbsent(Thread.currentThread().threadId(), k -> new AtomicInteger())
                        .addAndGet(papers.size());
                appliedSeq = throughSeq;
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                applying.decrementAndGet();
            }
        }

        @Override
        public long appliedSeq() {
            return appliedSeq;
        }

        @Override
        public Optional<String> storeEpoch() {
            return Optional.ofNullable(epoch);
        }

        @Override
        public SearchResults search(SearchRequest request, float[] queryVector) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SearchHit> similar(Collection<PaperId> seeds, int limit) {
            return List.of();
        }

        @Override
        public Optional<float[]> vectorOf(PaperId id) {
            return Optional.empty();
        }

        @Override
        public IndexStats stats() {
            return new IndexStats(documents.size(), 0);
        }

        @Override
        public void forceMerge(int maxSegments) {}

        @Override
        public void clear(String storeEpoch) {
            documents.clear();
            appliedSeq = 0;
            epoch = storeEpoch;
        }

        @Override
        public void close() {}
    }

    @Test
    void oneNodeWritesASharedIndexAndAnotherResumesWhenItStops() throws Exception {
        try (Paperboy a = Paperboy.open(settings()); Paperboy b = Paperboy.open(settings())) {
            SharedIndex index = new SharedIndex(true);
            IndexSync nodeA = follower(a, index);
            IndexSync nodeB = follower(b, index);
            try {
                nodeA.follow(50);
                Thread.sleep(300); // node A takes the writer lock at its first attempt
                nodeB.follow(50);
                a.catalog().upsert(papers(1, 3_000));
                await("the index to catch up", () -> index.appliedSeq() == a.catalog().lastChangeSeq());
                Thread.sleep(300);
                assertThat(index.appliedBy).as("one writer").hasSize(1);
                long writerA = index.appliedBy.keySet().iterator().next();

                nodeA.close();
                b.catalog().upsert(papers(3_001, 3_500));
                await("node B to resume", () -> index.appliedSeq() == b.catalog().lastChangeSeq());

                assertThat(index.overlapped).as("two writers at once").isFalse();
                assertThat(index.appliedBy).as("node B took over").hasSize(2);
                assertThat(index.appliedBy.get(writerA).get()).isEqualTo(3_000);
                index.appliedBy.remove(writerA);
                assertThat(index.appliedBy.values().iterator().next().get()).as("node B applied only what was new")
                        .isEqualTo(500);
                assertThat(index.documents).hasSize(3_500);
                assertThat(index.documents.values()).containsOnly(1);
            } finally {
                nodeA.close();
                nodeB.close();
            }
        }
    }

    /**
     * A writer whose writes fail reports the index stalled; once it has lost the writer's role (its session to the
     * store ended) and another node writes, it no longer does: it is not the one writing, and its /healthz would
     * otherwise keep it out of the load balancer for good.
     */
    @Test
    void aStalledWriterThatLostTheRoleNoLongerReportsTheIndexStalled() throws Exception {
        try (Paperboy a = Paperboy.open(settings()); Paperboy b = Paperboy.open(settings())) {
            SharedIndex index = new SharedIndex(true);
            index.refuseFirstWriter = true;
            IndexSync nodeA = follower(a, index);
            IndexSync nodeB = follower(b, index);
            try {
                nodeA.follow(50);
                await("node A to write", () -> nodeA.health().writer());
                nodeB.follow(50);
                a.catalog().upsert(papers(1, 10));
                await("node A to report the index stalled", () -> nodeA.health().stalled());
                assertThat(nodeB.health().writer()).isFalse();
                assertThat(nodeB.health().stalled()).isFalse();

                a.database().read(c -> {
                    try (var s = c.createStatement()) {
                        s.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                                + " AND granted AND objid = hashtext('search-index-writer')::oid");
                    }
                    return null;
                });
                await("node B to take over", () -> index.appliedSeq() == a.catalog().lastChangeSeq());
                await("node A to stand down", () -> !nodeA.health().writer() && !nodeA.health().stalled());
                assertThat(nodeB.health().writer()).isTrue();
                assertThat(nodeA.health().state()).isEqualTo("ok");
            } finally {
                nodeA.close();
                nodeB.close();
            }
        }
    }

    @Test
    void eachNodeFollowsAnIndexOfItsOwn() throws Exception {
        try (Paperboy a = Paperboy.open(settings()); Paperboy b = Paperboy.open(settings())) {
            SharedIndex ofA = new SharedIndex(false);
            SharedIndex ofB = new SharedIndex(false);
            IndexSync nodeA = follower(a, ofA);
            IndexSync nodeB = follower(b, ofB);
            try {
                nodeA.follow(50);
                nodeB.follow(50);
                a.catalog().upsert(papers(1, 100));
                long last = a.catalog().lastChangeSeq();
                await("both indexes to catch up", () -> ofA.appliedSeq() == last && ofB.appliedSeq() == last);
                assertThat(ofA.documents).hasSize(100);
                assertThat(ofB.documents).hasSize(100);
            } finally {
                nodeA.close();
                nodeB.close();
            }
        }
    }

    private String url;

    private Settings settings() {
        if (url == null) {
            url = PostgresServer.newDatabaseUrl();
        }
        return Settings.defaults().with(Settings.Key.DATA_DIR, dir.toString())
                .with(Settings.Key.DATABASE_URL, url)
                .with(Settings.Key.DATABASE_USER, "postgres")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none");
    }

    /** A node's follower as {@code Paperboy.indexSync()} builds it, over the test's index. */
    private static IndexSync follower(Paperboy node, SharedIndex index) {
        ClusterLock writer = index.sharedByCluster() ? ClusterLock.of(node.database(), "search-index-writer") : null;
        return new IndexSync(node.catalog(), new StoreLedger(node.database()), IndexSync.VectorSource.NONE, index,
                writer);
    }

    private static List<Paper> papers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> TestPapers.paper(String.format("2401.%05d", i))).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
