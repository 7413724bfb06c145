package org.paperboy.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.Arrays;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bge-small-en-v1.5 (ONNX, 384 dimensions, CLS pooling; int8-quantised by default, or the unquantised fp32 weights,
 * see {@link Variant}), run in-process on the CPU by ONNX Runtime
 * through langchain4j's wrapper, which ships the model and its tokenizer inside its jar (nothing is downloaded).
 *
 * <p>Documents are embedded as they are; queries get bge's retrieval instruction in front. Texts longer than the
 * model's 512 tokens are split and their vectors averaged by the wrapper. Batches of documents run one text at a time
 * on a single daemon thread of this model's own (ONNX Runtime itself uses one intra-op thread per core): measured on
 * 2 cores, one text at a time is faster than padded batches, and one embedding thread leaves the web server
 * responsive. Queries run on the caller's thread. The ONNX session is loaded once per JVM (about a second) and shared;
 * {@link #close()} waits for the texts being embedded, then stops this model's thread: native code still running
 * when the JVM exits crashes it (ONNX Runtime's native state is torn down at exit).
 */
public final class BgeSmallEmbeddingModel implements EmbeddingModel {

    /** The default variant's name. */
    public static final String NAME = Variant.INT8.modelName;
    public static final int DIMENSION = 384;
    /** bge-*-en-v1.5's instruction for short queries that retrieve passages. */
    public static final String QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    /** The two builds of the model langchain4j ships; their vectors are stored under different names and never mix. */
    public enum Variant {
        /** int8-quantised weights (about 24 MB in the jar): the default, and what the demo's vectors are. */
        INT8("bge-small-en-v1.5-q"),
        /** The original fp32 weights (about 130 MB in the jar): slower to embed, see docs/search-quality.md. */
        FP32("bge-small-en-v1.5");

        private final String modelName;

        Variant(String modelName) {
            this.modelName = modelName;
        }

        public String modelName() {
            return modelName;
        }

        /** The variant named {@code name} ({@code embedding.model} for provider onnx), if any. */
        public static Optional<Variant> named(String name) {
            return Arrays.stream(values()).filter(v -> v.modelName.equals(name)).findFirst();
        }

        AbstractInProcessEmbeddingModel load(Executor executor) {
            return this == INT8 ? new BgeSmallEnV15QuantizedEmbeddingModel(executor)
                    : new BgeSmallEnV15EmbeddingModel(executor);
        }
    }

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // DJL's tokenizer library otherwise looks for EC2 instance metadata and reports usage to Amazon ("telemetry")
        // when it loads; a self-hosted service calls nobody. An explicit setting by the operator wins.
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private final ExecutorService executor;
    private final Variant variant;
    private final AbstractInProcessEmbeddingModel model;
    /** Embedding holds it shared; closing holds it exclusively, so it waits for the embeddings in flight. */
    private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();
    private boolean closed; // guarded by inFlight

    public BgeSmallEmbeddingModel() {
        this(Variant.INT8);
    }

    public BgeSmallEmbeddingModel(Variant variant) {
        this.variant = variant;
        int instance = INSTANCES.incrementAndGet();
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "embedding-onnx-" + instance);
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.model = variant.load(executor);
        } catch (RuntimeException | LinkageError e) {
            executor.shutdownNow();
            throw new EmbeddingException("cannot load the " + variant.modelName + " ONNX model: " + e, e);
        }
    }

    @Override
    public String name() {
        return variant.modelName;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embedDocument(String text) {
        return embedDocuments(List.of(text)).getFirst();
    }

    @Override
    public float[] embedQuery(String query) {
        String text = query == null ? "" : query.strip();
        return embed(List.of(QUERY_PREFIX + text)).getFirst();
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        EmbeddingModel.requireText(texts);
        return embed(texts);
    }

    private List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<Embedding> embeddings;
        inFlight.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedding model is closed");
            }
            embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        } catch (RuntimeException e) {
            throw e instanceof IllegalStateException ? e
                    : new EmbeddingException("the ONNX model failed to embed " + texts.size() + " text(s): " + e, e);
        } finally {
            inFlight.readLock().unlock();
        }
        if (embeddings.size() != texts.size()) {
            throw new EmbeddingException("the ONNX model returned " + embeddings.size() + " vectors for "
                    + texts.size() + " texts");
        }
        return embeddings.stream().map(e -> checked(e.vector())).toList();
    }

    private static float[] checked(float[] vector) {
        if (vector.length != DIMENSION) {
            throw new EmbeddingException("the ONNX model returned a vector of " + vector.length + " dimensions, not "
                    + DIMENSION);
        }
        return Vectors.normalize(vector);
    }

    @Override
    public void close() {
        inFlight.writeLock().lock();
        try {
            closed = true;
        } finally {
            inFlight.writeLock().unlock();
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return variant.modelName + " (in-process ONNX, CPU)";
    }
}
