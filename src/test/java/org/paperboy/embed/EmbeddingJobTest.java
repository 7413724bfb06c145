package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/** The embedding pipeline with the real ONNX model over a real SQLite store; five short papers keep it fast. */
class EmbeddingJobTest {

    private static BgeSmallEmbeddingModel bge;

    @TempDir
    Path tmp;

    private Database database;
    private Catalog catalog;
    private VectorStore store;

    @BeforeAll
    static void load() {
        bge = new BgeSmallEmbeddingModel();
    }

    @AfterAll
    static void unload() {
        bge.close();
    }

    @BeforeEach
    void open() {
        database = EmbedFixtures.sqlite(tmp);
        catalog = EmbedFixtures.catalogWith(database, EmbedFixtures.papers());
        store = new VectorStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Passes texts to the real model, counting each, and fails where told to (a server going away, a poison text). */
    static final class Recording implements EmbeddingModel {
        final Map<String, Integer> embedded = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        private final Predicate<String> fails;
        private final int failFromCall;

        Recording(Predicate<String> fails, int failFromCall) {
            this.fails = fails;
            this.failFromCall = failFromCall;
        }

        static Recording healthy() {
            return new Recording(text -> false, Integer.MAX_VALUE);
        }

        @Override
        public String name() {
            return bge.name();
        }

        @Override
        public int dimension() {
            return bge.dimension();
        }

        @Override
        public float[] embedDocument(String text) {
            return embedDocuments(List.of(text)).getFirst();
        }

        @Override
        public List<float[]> embedDocuments(List<String> texts) {
            if (calls.incrementAndGet() >= failFromCall) {
                throw new EmbeddingException("embedding server went away");
            }
            if (texts.stream().anyMatch(fails)) {
                throw new EmbeddingException("cannot embed this text");
            }
            List<float[]> vectors = bge.embedDocuments(texts);
            texts.forEach(t -> embedded.merge(t, 1, Integer::sum));
            return vectors;
        }

        @Override
        public float[] embedQuery(String query) {
            return bge.embedQuery(query);
        }

        @Override
        public void close() {}
    }

    @Test
    void resumesWhereALimitedRunStoppedAndEmbedsEachPaperExactlyOnce() {
        Recording model = Recording.healthy();

        EmbeddingJob.Result first = new EmbeddingJob(store, model, 2, Duration.ofSeconds(30)).run(3, null);
        assertThat(first.embedded()).isEqualTo(3);
        assertThat(first.progress()).isEqualTo(new VectorStore.Progress(3, 5));

        // a new job, as after a restart
        EmbeddingJob.Result second = new EmbeddingJob(store, model, 2, Duration.ofSeconds(30)).run(Long.MAX_VALUE, null);
        assertThat(second.embedded()).isEqualTo(2);
        assertThat(second.progress()).isEqualTo(new VectorStore.Progress(5, 5));

        assertThat(model.embedded).hasSize(5).allSatisfy((text, times) -> assertThat(times).isEqualTo(1));
        assertThat(new EmbeddingJob(store, model).run(Long.MAX_VALUE, null).embedded()).isZero();
        assertThat(model.embedded.values()).containsOnly(1);
    }

    @Test
    void storesTheVectorsOfPaperTextAndBumpsTheChangeSequence() {
        long before = catalog.lastChangeSeq();
        new EmbeddingJob(store, bge).run(Long.MAX_VALUE, null);

        Paper protein = EmbedFixtures.papers().getFirst();
        float[] stored = store.find(List.of(protein.id()), bge.name()).get(protein.id());
        assertThat(Vectors.dot(stored, bge.embedDocument(PaperText.of(protein)))).isCloseTo(1.0, within(1e-6));
        assertThat(catalog.changesSince(before, 100)).hasSize(5);
    }

    @Test
    void aFailureMidRunKeepsTheStoredBatchesAndTheNextRunCompletes() {
        Recording failing = new Recording(text -> false, 2); // the second call fails, and every one after it
        EmbeddingJob job = new EmbeddingJob(store, failing, 2, Duration.ofSeconds(30));

        assertThatThrownBy(() -> job.run(Long.MAX_VALUE, null))
                .isInstanceOf(EmbeddingException.class).hasMessageContaining("went away");
        assertThat(store.progress(bge.name())).isEqualTo(new VectorStore.Progress(2, 5));
        assertThat(job.status().lastError()).contains("went away");
        assertThat(job.status().running()).isFalse();

        Recording healthy = Recording.healthy();
        assertThat(new EmbeddingJob(store, healthy, 2, Duration.ofSeconds(30)).run(Long.MAX_VALUE, null).embedded())
                .isEqualTo(3);
        assertThat(healthy.embedded).hasSize(3);
        assertThat(store.progress(bge.name())).isEqualTo(new VectorStore.Progress(5, 5));
    }

    @Test
    void aTextTheModelCannotEmbedIsSkippedAndTheRestIsStored() {
        Recording picky = new Recording(text -> text.startsWith("Sparse attention"), Integer.MAX_VALUE);
        EmbeddingJob job = new EmbeddingJob(store, picky, 4, Duration.ofSeconds(30));

        EmbeddingJob.Result result = job.run(Long.MAX_VALUE, null);

        assertThat(result.embedded()).isEqualTo(4);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(job.status().lastError()).contains("2401.00003");
        assertThat(store.missing(bge.name(), null, 10)).extracting(VectorStore.PendingPaper::id)
                .containsExactly(PaperId.tryParse("2401.00003").orElseThrow());
    }

    @Test
    void reportsProgressAndStopsCooperatively() {
        EmbeddingJob job = new EmbeddingJob(store, Recording.healthy(), 2, Duration.ofSeconds(30));
        List<EmbeddingJob.Status> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        EmbeddingJob.Result result = job.run(Long.MAX_VALUE, new EmbeddingJob.Listener() {
            @Override
            public void started(EmbeddingJob.Status status) {
                seen.add(status);
            }

            @Override
            public void progressed(EmbeddingJob.Status status) {
                seen.add(status);
                job.stop(Duration.ZERO);
            }
        });

        assertThat(result.stopped()).isTrue();
        assertThat(result.embedded()).isEqualTo(2);
        assertThat(seen.getFirst().runTarget()).isEqualTo(5);
        assertThat(seen.getFirst().running()).isTrue();
        EmbeddingJob.Status afterBatch = seen.get(1);
        assertThat(afterBatch.done()).isEqualTo(2);
        assertThat(afterBatch.total()).isEqualTo(5);
        assertThat(afterBatch.rate()).isPositive();
        assertThat(afterBatch.label()).isEqualTo("semantic index: 2 / 5");
        assertThat(job.status().running()).isFalse();
    }

    @Test
    void runsInTheBackgroundPicksUpNewPapersAndStops() throws InterruptedException {
        EmbeddingJob job = new EmbeddingJob(store, bge, 16, Duration.ofMinutes(10));
        assertThat(job.refresh().label()).isEqualTo("semantic index: 0 / 5");

        job.start();
        waitFor(() -> job.status().done() == 5 && !job.status().running());
        assertThat(job.status().lastError()).isNull();

        catalog.upsert(List.of(EmbedFixtures.paper("2401.00006", "Quantum error correction with surface codes",
                "Surface codes protect logical qubits from noise.")));
        job.wake();
        waitFor(() -> job.status().done() == 6 && job.status().total() == 6);

        assertThat(job.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(store.progress(bge.name())).isEqualTo(new VectorStore.Progress(6, 6));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("embedding-job"));
    }

    @Test
    void backsOffExponentiallyUpToFiveMinutes() {
        assertThat(EmbeddingJob.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(EmbeddingJob.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(EmbeddingJob.backoff(7)).isEqualTo(Duration.ofMinutes(5));
        assertThat(EmbeddingJob.backoff(100)).isEqualTo(Duration.ofMinutes(5));
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
