package org.paperboy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.embed.EmbeddingException;
import org.paperboy.embed.EmbeddingJob;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.embed.EmbeddingModels;
import org.paperboy.embed.VectorFile;
import org.paperboy.embed.VectorStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code paperboy embed}: computes the vectors papers are missing, with the configured embedding provider, resumably
 * (each batch is stored as it is done; stop at any time and run again); or exports or imports vectors (file format:
 * {@link VectorFile}) so that a corpus embedded elsewhere loads in seconds.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Computes the sentence embeddings (vectors) of papers that have none yet, for semantic search.",
                "Resumable: every batch is stored as soon as it is done; Ctrl+C and run again to continue.",
                "Uses embedding.provider (default onnx: bge-small-en-v1.5 in-process, ~40 ms of CPU per paper, on every core).",
                "--export/--import move vectors between machines; the model name and dimension must match."})
final class EmbedCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @ArgGroup(exclusive = true)
    Action action;

    static final class Action {
        @Option(names = "--export", paramLabel = "FILE",
                description = "Write all vectors of the configured model to FILE (gzipped if it ends in .gz).")
        Path exportFile;

        @Option(names = "--import", paramLabel = "FILE",
                description = "Load vectors from FILE (made by --export); refused if its model or dimension differ.")
        Path importFile;

        @Option(names = "--status", description = "Print how many papers have vectors, and exit.")
        boolean status;

        @Option(names = "--delete-other-models",
                description = "Delete vectors made by models other than the configured one, and exit.")
        boolean deleteOtherModels;
    }

    @Option(names = "--limit", paramLabel = "N", description = "Embed at most N papers (default: all that are missing).")
    Long limit;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
            description = "Papers embedded and stored together. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 0) {
            throw new CommandFailedException("--limit must not be negative");
        }
        if (batchSize < 1 || batchSize > 1_000) {
            throw new CommandFailedException("--batch-size must be from 1 to 1000");
        }
        Settings settings = config.resolve(Map.of());
        EmbeddingModels.Spec spec = EmbeddingModels.spec(settings).orElseThrow(() -> new CommandFailedException(
                "embedding.provider is 'none': no vectors are made (set it to onnx or openai)"));
        try (Paperboy paperboy = Paperboy.open(settings)) {
            VectorStore store = new VectorStore(paperboy.database());
            if (action != null && action.exportFile != null) {
                return export(store, spec, action.exportFile);
            }
            if (action != null && action.importFile != null) {
                return importVectors(store, spec, action.importFile);
            }
            if (action != null && action.status) {
                System.out.printf("semantic index: %s papers have vectors of %s%n",
                        store.progress(spec.name()).label(), spec.name());
                return 0;
            }
            if (action != null && action.deleteOtherModels) {
                int deleted = store.deleteOtherModels(spec.name());
                System.out.printf("deleted %,d vectors of models other than %s%n", deleted, spec.name());
                return 0;
            }
            return embed(settings, store);
        } catch (EmbeddingException | VectorFile.VectorFileException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }

    private static int export(VectorStore store, EmbeddingModels.Spec spec, Path file) throws IOException {
        int dimension = spec.dimensionKnown() ? spec.dimension() : store.dimension(spec.name()).orElse(0);
        if (dimension == 0) {
            throw new CommandFailedException("no vectors of model '" + spec.name() + "' to export");
        }
        long count = VectorFile.export(store, spec.name(), dimension, file);
        System.out.printf("exported %,d vectors of %s (%d dimensions) to %s%n", count, spec.name(), dimension, file);
        return 0;
    }

    private static int importVectors(VectorStore store, EmbeddingModels.Spec spec, Path file) throws IOException {
        long start = System.nanoTime();
        VectorFile.ImportResult result = VectorFile.importFile(store, file, spec.name(), spec.dimension());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("imported %,d vectors of %s from %s in %.1f s: %,d stored, %,d unchanged, "
                        + "%,d skipped (paper not in the catalog)%n", result.read(), spec.name(), file, seconds,
                result.stored(), result.unchanged(), result.unknownPapers());
        System.out.println("semantic index: " + result.progress().label());
        return 0;
    }

    private int embed(Settings settings, VectorStore store) {
        VectorStore.Progress before = store.progress(EmbeddingModels.spec(settings).orElseThrow().name());
        long most = limit == null ? Long.MAX_VALUE : limit;
        if (before.missing() == 0 || most == 0) {
            System.out.println("semantic index: " + before.label() + " (nothing to embed)");
            return 0;
        }
        try (EmbeddingModel model = EmbeddingModels.open(settings).orElseThrow()) {
            EmbeddingJob job = new EmbeddingJob(store, model, batchSize, Duration.ofSeconds(30));
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                // Ctrl+C: let the batch in flight be stored, so the next run resumes right after it.
                job.stop(Duration.ZERO);
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "embed-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            EmbeddingJob.Result result;
            try (Reporter reporter = new Reporter(model)) {
                result = job.run(most, reporter);
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for us
                }
            }
            System.out.printf("embedded %,d papers with %s in %.1f s (%.1f papers/s)%s%n", result.embedded(),
                    model.name(), result.seconds(), result.rate(),
                    result.failed() > 0 ? String.format("; %,d skipped because the model failed on them: %s",
                            result.failed(), job.status().lastError()) : "");
            System.out.println("semantic index: " + result.progress().label()
                    + (result.stopped() ? " (stopped; run paperboy embed again to continue)" : ""));
            return 0;
        }
    }

    /** Progress: a bar on a terminal, a line every few seconds on stderr otherwise (logs, CI). */
    private static final class Reporter implements EmbeddingJob.Listener, AutoCloseable {

        private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

        private final boolean terminal;
        private final EmbeddingModel model;
        private ProgressBar bar;
        private long lastLine;

        Reporter(EmbeddingModel model) {
            String tty = System.getProperty("paperboy.tty");
            this.terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
            this.model = model;
        }

        @Override
        public void started(EmbeddingJob.Status status) {
            lastLine = System.nanoTime();
            if (terminal) {
                bar = new ProgressBarBuilder()
                        .setTaskName("Embedding")
                        .setInitialMax(status.runTarget())
                        .setUnit(" papers", 1)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500)
                        .showSpeed()
                        .build();
                bar.setExtraMessage(status.label());
            } else {
                System.err.printf("Embedding %,d papers with %s; %s%n", status.runTarget(), model, status.label());
            }
        }

        @Override
        public void progressed(EmbeddingJob.Status status) {
            if (bar != null) {
                if (status.runEmbedded() > bar.getMax()) {
                    bar.maxHint(status.runEmbedded());
                }
                bar.stepTo(status.runEmbedded());
                bar.setExtraMessage(status.label());
            } else if (System.nanoTime() - lastLine > LINE_INTERVAL_NANOS) {
                lastLine = System.nanoTime();
                System.err.printf("  embedded %,d / %,d (%.1f/s); %s%n", status.runEmbedded(), status.runTarget(),
                        status.rate(), status.label());
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
