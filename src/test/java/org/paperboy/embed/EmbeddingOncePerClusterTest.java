package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.config.Settings;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.TestPapers;

/**
 * Two Paperboy nodes on one PostgreSQL, each starting the background embedding job: one computes the vectors while
 * the other waits, and when the first stops the other takes over from the papers still without a vector, so that
 * every paper is embedded once for the cluster.
 */
class EmbeddingOncePerClusterTest {

    private static final int PAPERS = 200;

    @TempDir
    Path dir;

    /** Vectors from the text's hash, slowly enough for the job to be caught halfway; counts texts per node. */
    static final class SlowModel implements EmbeddingModel {
        final Map<String, Integer> embedded;
        final AtomicInteger count = new AtomicInteger();

        SlowModel(Map<String, Integer> embedded) {
            this.embedded = embedded;
        }

        @Override
        public String name() {
            return "slow-test-model";
        }

        @Override
        public int dimension() {
            return 4;
        }

        @Override
        public float[] embedDocument(String text) {
            return embedDocuments(List.of(text)).getFirst();
        }

        @Override
        public List<float[]> embedDocuments(List<String> texts) {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            texts.forEach(t -> embedded.merge(t, 1, Integer::sum));
            count.addAndGet(texts.size());
            return texts.stream().map(t -> new float[] {t.hashCode() % 7, 1, 2, t.length()}).toList();
        }

        @Override
        public float[] embedQuery(String query) {
            return embedDocument(query);
        }

        @Override
        public void close() {}
    }

    @Test
    void oneNodeEmbedsAtATimeAndAnotherResumesWhenItStops() throws Exception {
        Settings settings = Settings.defaults().with(Settings.Key.DATA_DIR, dir.toString())
                .with(Settings.Key.DATABASE_URL, PostgresServer.newDatabaseUrl())
                .with(Settings.Key.DATABASE_USER, "postgres")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none");
        Map<String, Integer> embedded = new ConcurrentHashMap<>();
        SlowModel modelA = new SlowModel(embedded);
        SlowModel modelB = new SlowModel(embedded);
        try (Paperboy a = Paperboy.open(settings); Paperboy b = Paperboy.open(settings)) {
            List<Paper> papers = IntStream.range(0, PAPERS)
                    .mapToObj(i -> TestPapers.paper(String.format("2401.%05d", i + 1))).toList();
            a.catalog().upsert(papers);
            EmbeddingService nodeA = new EmbeddingService(modelA, a.database());
            EmbeddingService nodeB = new EmbeddingService(modelB, b.database());
            try {
                nodeA.startBackground();
                await("node A to embed a first batch", () -> modelA.count.get() > 0);
                nodeB.startBackground();
                Thread.sleep(EmbeddingJob.TURN_RETRY.toMillis() + 500);
                assertThat(modelB.count).as("node B waits while node A embeds").hasValue(0);

                nodeA.close();
                int byA = modelA.count.get();
                assertThat(byA).as("node A stopped halfway").isLessThan(PAPERS);
                await("node B to embed the rest", () -> nodeB.store().progress(modelB.name()).missing() == 0);

                assertThat(modelB.count.get()).as("node B took over").isPositive();
                assertThat(byA + modelB.count.get()).as("each paper embedded once for the cluster").isEqualTo(PAPERS);
                assertThat(embedded.values()).containsOnly(1);
            } finally {
                nodeA.close();
                nodeB.close();
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
