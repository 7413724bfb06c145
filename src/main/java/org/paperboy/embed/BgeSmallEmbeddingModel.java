package org.paperboy.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * bge-small-en-v1.5 (ONNX, 384 dimensions, CLS pooling; int8-quantised by default, or the unquantised fp32 weights,
 * see {@link Variant}), run in-process on the CPU by ONNX Runtime ({@link OnnxBertEncoder}). The model and its
 * tokenizer ship inside langchain4j's model jars (nothing is downloaded); vectors are the same as langchain4j's
 * wrapper made them, so vectors stored before stay valid.
 *
 * <p>Documents are embedded as they are; queries get bge's retrieval instruction in front. The tokenizer truncates
 * texts to the model's 512 tokens. Queries run on the caller's thread (a web request's), documents one text at a time
 * on this model's own daemon threads, one per core by default: measured on 2 cores, texts side by side on one thread
 * each beat one text over both cores and padded batches. The ONNX session is loaded once per JVM (about a second)
 * and shared; {@link #close()} waits for the texts being embedded, then stops this model's threads: native code
 * still running when the JVM exits crashes it (ONNX Runtime's native state is torn down at exit).
 */
public final class BgeSmallEmbeddingModel implements EmbeddingModel {

    /** The default variant's name. */
    public static final String NAME = Variant.INT8.modelName;
    public static final int DIMENSION = 384;
    /** bge-*-en-v1.5's instruction for short queries that retrieve passages. */
    public static final String QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    /** The two builds of the model langchain4j ships; their vectors are stored under different names and never mix. */
    public enum Variant {
        /** int8-quantised weights (about 34 MB in the jar): the default, and what the demo's vectors are. */
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

        /** The ONNX file in its model jar. */
        String modelResource() {
            return modelName + ".onnx";
        }

        String tokenizerResource() {
            return modelName + "-tokenizer.json";
        }
    }

    private static final Map<Variant, OnnxBertEncoder> ENCODERS = new EnumMap<>(Variant.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // DJL's tokenizer library otherwise looks for EC2 instance metadata and reports usage to Amazon ("telemetry")
        // when it loads; a self-hosted service calls nobody. An explicit setting by the operator wins.
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private final Variant variant;
    private final OnnxBertEncoder encoder;
    private final ExecutorService documentThreads;
    /** Each text in flight holds it shared; closing holds it exclusively, so it waits for the texts in flight. */
    private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();
    private boolean closed; // guarded by inFlight

    public BgeSmallEmbeddingModel() {
        this(Variant.INT8);
    }

    public BgeSmallEmbeddingModel(Variant variant) {
        this(variant, Runtime.getRuntime().availableProcessors());
    }

    /** @param documentThreads how many documents are embedded at once, each on a thread of its own */
    public BgeSmallEmbeddingModel(Variant variant, int documentThreads) {
        if (documentThreads < 1) {
            throw new IllegalArgumentException("documentThreads must be at least 1");
        }
        this.variant = variant;
        this.encoder = encoder(variant);
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.documentThreads = Executors.newFixedThreadPool(documentThreads, r -> {
            Thread thread = new Thread(r, "embedding-onnx-" + instance + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static synchronized OnnxBertEncoder encoder(Variant variant) {
        OnnxBertEncoder encoder = ENCODERS.get(variant);
        if (encoder == null) {
            try {
                encoder = OnnxBertEncoder.load(variant.modelResource(), variant.tokenizerResource());
            } catch (RuntimeException | LinkageError e) {
                throw new EmbeddingException("cannot load the " + variant.modelName + " ONNX model: " + e, e);
            }
            ENCODERS.put(variant, encoder);
        }
        return encoder;
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
        return embed(QUERY_PREFIX + text);
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        EmbeddingModel.requireText(texts);
        List<Future<float[]>> futures = new ArrayList<>(texts.size());
        try {
            for (String text : texts) {
                futures.add(documentThreads.submit(() -> embed(text)));
            }
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (Future<float[]> future : futures) {
                vectors.add(future.get());
            }
            return vectors;
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the embedding model is closed", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new EmbeddingException("the ONNX model failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while embedding " + texts.size() + " text(s)", e);
        } finally {
            futures.forEach(future -> future.cancel(false));
        }
    }

    private float[] embed(String text) {
        inFlight.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedding model is closed");
            }
            return checked(encoder.embed(text));
        } catch (EmbeddingException | IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EmbeddingException("the ONNX model failed to embed a text: " + e, e);
        } finally {
            inFlight.readLock().unlock();
        }
    }

    private static float[] checked(float[] vector) {
        if (vector.length != DIMENSION) {
            throw new EmbeddingException("the ONNX model returned a vector of " + vector.length + " dimensions, not "
                    + DIMENSION);
        }
        return vector;
    }

    @Override
    public void close() {
        inFlight.writeLock().lock();
        try {
            closed = true;
        } finally {
            inFlight.writeLock().unlock();
        }
        // Texts still queued run, find the model closed and fail at once, so no caller waits forever.
        documentThreads.shutdown();
    }

    @Override
    public String toString() {
        return variant.modelName + " (in-process ONNX, CPU)";
    }
}
