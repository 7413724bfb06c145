package org.paperboy.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Embedding throughput and query cost of {@link BgeSmallEmbeddingModel} against a raw ONNX Runtime loop (tokenize,
 * run, CLS, normalise, nothing else) with the same threads, one text at a time over all intra-op threads, and
 * langchain4j's wrapper as Paperboy used it before. All run on the same texts in one JVM, in turns, round after round;
 * the table gives medians. CPU is the whole process's, from the operating system.
 */
public final class EmbeddingBenchmark {

    /** One way of embedding; each has its own ONNX session. */
    private interface Contender extends AutoCloseable {
        void documents(List<String> texts);

        void query(String query);

        @Override
        void close();
    }

    private record Figures(List<Double> textsPerSecond, List<Double> cpuPerText, List<Double> cpuPerQuery,
                           List<Double> wallPerQuery) {
        Figures() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final int threads;
    private final int rounds;

    public EmbeddingBenchmark(int threads, int rounds) {
        this.threads = threads;
        this.rounds = rounds;
    }

    /** Runs every contender {@code rounds} times on the texts and on a distinct slice of the queries each round. */
    public void run(List<String> texts, List<String> queries, PrintStream out) throws Exception {
        Map<String, Contender> contenders = new LinkedHashMap<>();
        try {
            contenders.put("Paperboy (" + threads + " threads x 1 intra-op)", paperboy());
            contenders.put("raw ONNX Runtime, " + threads + " threads x 1 intra-op", new RawLoop(1, threads));
            contenders.put("raw ONNX Runtime, 1 thread x " + threads + " intra-op", new RawLoop(threads, 1));
            contenders.put("langchain4j wrapper (Paperboy before)", wrapper());
            out.printf("%d texts, %d queries, %d rounds after a warm-up; resident memory with all loaded: %s%n",
                    texts.size(), queries.size(), rounds, residentMemory());
            Map<String, Figures> figures = new LinkedHashMap<>();
            List<String> warmUp = texts.subList(0, Math.min(16, texts.size()));
            contenders.forEach((name, contender) -> {
                contender.documents(warmUp);
                warmUp.forEach(contender::query);
                figures.put(name, new Figures());
            });
            List<String> names = new ArrayList<>(contenders.keySet());
            int slice = queries.size() / rounds;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get((i + round) % names.size());
                    measure(contenders.get(name), texts, queries.subList(round * slice, (round + 1) * slice),
                            figures.get(name));
                }
            }
            print(figures, names.get(1), out);
        } finally {
            contenders.values().forEach(Contender::close);
        }
    }

    private static void measure(Contender contender, List<String> texts, List<String> queries, Figures figures) {
        long wall = System.nanoTime();
        long cpu = OS.getProcessCpuTime();
        contender.documents(texts);
        figures.textsPerSecond.add(texts.size() / ((System.nanoTime() - wall) / 1e9));
        figures.cpuPerText.add((OS.getProcessCpuTime() - cpu) / 1e6 / texts.size());
        wall = System.nanoTime();
        cpu = OS.getProcessCpuTime();
        queries.forEach(contender::query);
        figures.wallPerQuery.add((System.nanoTime() - wall) / 1e6 / queries.size());
        figures.cpuPerQuery.add((OS.getProcessCpuTime() - cpu) / 1e6 / queries.size());
    }

    private static void print(Map<String, Figures> figures, String raw, PrintStream out) {
        double rawRate = median(figures.get(raw).textsPerSecond);
        out.println();
        out.println("| embedding | texts/s | ÷ " + raw + " | CPU ms per text | query: CPU ms | query: ms |");
        out.println("|---|---|---|---|---|---|");
        figures.forEach((name, f) -> out.printf("| %s | %.1f | %.2f | %.1f | %.2f | %.2f |%n", name,
                median(f.textsPerSecond), median(f.textsPerSecond) / rawRate, median(f.cpuPerText),
                median(f.cpuPerQuery), median(f.wallPerQuery)));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String residentMemory() throws IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmRSS:")).map(line -> line.substring(6).strip()).findFirst()
                .orElse("unknown");
    }

    private Contender paperboy() {
        BgeSmallEmbeddingModel model = new BgeSmallEmbeddingModel(BgeSmallEmbeddingModel.Variant.INT8, threads);
        return new Contender() {
            @Override
            public void documents(List<String> texts) {
                inBatches(texts, model::embedDocuments);
            }

            @Override
            public void query(String query) {
                model.embedQuery(query);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }

    /** As Paperboy ran it before: one executor thread, ONNX Runtime's default session options. */
    private static Contender wrapper() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        AbstractInProcessEmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel(executor);
        return new Contender() {
            @Override
            public void documents(List<String> texts) {
                inBatches(texts, batch -> model.embedAll(batch.stream().map(TextSegment::from).toList()).content()
                        .forEach(e -> Vectors.normalize(e.vector())));
            }

            @Override
            public void query(String query) {
                Vectors.normalize(model.embedAll(List.of(TextSegment.from(BgeSmallEmbeddingModel.QUERY_PREFIX
                        + query))).content().getFirst().vector());
            }

            @Override
            public void close() {
                executor.shutdown();
            }
        };
    }

    /** The batches {@link EmbeddingJob} hands the model. */
    private static void inBatches(List<String> texts, java.util.function.Consumer<List<String>> embed) {
        for (int from = 0; from < texts.size(); from += EmbeddingJob.DEFAULT_BATCH_SIZE) {
            embed.accept(texts.subList(from, Math.min(texts.size(), from + EmbeddingJob.DEFAULT_BATCH_SIZE)));
        }
    }

    /** Tokenize, run, take the CLS vector, normalise: nothing else, on {@code loopThreads} threads. */
    private static final class RawLoop implements Contender {
        private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final HuggingFaceTokenizer tokenizer;
        private final int loopThreads;

        RawLoop(int intraOpThreads, int loopThreads) throws OrtException, IOException {
            this.loopThreads = loopThreads;
            BgeSmallEmbeddingModel.Variant variant = BgeSmallEmbeddingModel.Variant.INT8;
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 InputStream tokenizerJson = getClass().getClassLoader()
                         .getResourceAsStream(variant.tokenizerResource())) {
                options.setIntraOpNumThreads(intraOpThreads);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                session = environment.createSession(OnnxBertEncoder.resource(variant.modelResource()), options);
                tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("padding", "false"));
            }
        }

        @Override
        public void documents(List<String> texts) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < loopThreads; t++) {
                int first = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    for (int i = first; i < texts.size(); i += loopThreads) {
                        embed(texts.get(i));
                    }
                }));
            }
            for (Thread worker : workers) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void query(String query) {
            embed(BgeSmallEmbeddingModel.QUERY_PREFIX + query);
        }

        private float[] embed(String text) {
            Encoding encoding = tokenizer.encode(text, true, false);
            long[] shape = {1, encoding.getIds().length};
            try (OnnxTensor ids = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getIds()), shape);
                 OnnxTensor mask = OnnxTensor.createTensor(environment,
                         LongBuffer.wrap(encoding.getAttentionMask()), shape);
                 OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()),
                         shape);
                 OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                         "token_type_ids", types))) {
                float[] cls = new float[BgeSmallEmbeddingModel.DIMENSION];
                ((OnnxTensor) result.get(0)).getFloatBuffer().get(cls);
                return Vectors.normalize(cls);
            } catch (OrtException e) {
                throw new EmbeddingException(e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new EmbeddingException(e.getMessage(), e);
            }
            tokenizer.close();
        }
    }
}
