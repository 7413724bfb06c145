package org.paperboy.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperboy.alerts.MatchingCost;
import org.paperboy.catalog.Catalog;
import org.paperboy.config.Settings;
import org.paperboy.embed.BgeSmallEmbeddingModel;
import org.paperboy.embed.EmbeddingJob;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.embed.VectorFile;
import org.paperboy.embed.VectorStore;
import org.paperboy.embed.Vectors;
import org.paperboy.eval.BeirQueries;
import org.paperboy.eval.CorpusIds;
import org.paperboy.eval.Qrels;
import org.paperboy.eval.ThresholdCalibration;
import org.paperboy.ingest.BeirCorpusFormat;
import org.paperboy.ingest.Importer;
import org.paperboy.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Figures for saved alerts (docs/benchmarks.md, "Saved alerts"): the threshold's calibration and matching's cost. */
@Command(name = "bench-alerts", mixinStandardHelpOptions = true, hidden = true,
        description = "Saved alerts: calibrate alerts.threshold on a BEIR data set, or measure matching cost.",
        subcommands = {AlertsBenchCommand.Threshold.class, AlertsBenchCommand.Matching.class})
final class AlertsBenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "threshold", mixinStandardHelpOptions = true,
            description = {"Cosine scores of every judged query against every document with the in-process model: "
                    + "precision and recall of relevant pairs at each threshold, and the threshold of best F1.",
                    "Use train judgments only (qrels/train.tsv), never a test split."})
    static final class Threshold implements Callable<Integer> {

        @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "BEIR corpus.jsonl.")
        Path corpus;

        @Option(names = "--queries", required = true, paramLabel = "FILE", description = "BEIR queries.jsonl.")
        Path queries;

        @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "BEIR qrels TSV (train).")
        Path qrels;

        @Option(names = "--vectors", required = true, paramLabel = "FILE", description = {"The corpus's vectors "
                + "(paperboy eval --vectors-cache FILE writes them); embedded and written here when the file is absent."})
        Path vectors;

        private final PrintStream out = System.out;

        @Override
        public Integer call() throws IOException {
            Path dir = Files.createTempDirectory("paperboy-alerts-threshold-");
            BeirCorpusFormat format = new BeirCorpusFormat(BeirCorpusFormat.DEFAULT_NAMESPACE);
            Qrels judgments = Qrels.load(qrels);
            BeirQueries texts = BeirQueries.load(queries);
            try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("alerts.db"), null, null);
                 EmbeddingModel model = new BgeSmallEmbeddingModel()) {
                new Importer(new Catalog(database)).importFiles(List.of(corpus), format, new ProgressReporter());
                CorpusIds ids = CorpusIds.read(corpus, format);
                VectorStore store = new VectorStore(database);
                documentVectors(store, model);
                Map<String, float[]> documents = new HashMap<>();
                for (List<VectorStore.Entry> page = store.page(model.name(), null, 1_000); !page.isEmpty();
                     page = store.page(model.name(), page.getLast().id(), 1_000)) {
                    page.forEach(entry -> documents.put(ids.corpusId(entry.id()), entry.vector()));
                }
                ThresholdCalibration calibration = new ThresholdCalibration(judgments.queryCount(), documents.size());
                for (String query : judgments.queryIds()) {
                    float[] vector = model.embedQuery(texts.text(query).orElseThrow(() ->
                            new CommandFailedException("query " + query + " is judged but not in " + queries)));
                    Map<String, Integer> judged = judgments.judgments(query);
                    documents.forEach((id, document) ->
                            calibration.add(Vectors.dot(vector, document), judged.getOrDefault(id, 0) > 0));
                }
                report(calibration, judgments.queryCount(), documents.size());
            }
            return 0;
        }

        private void documentVectors(VectorStore store, EmbeddingModel model) throws IOException {
            if (Files.exists(vectors)) {
                VectorFile.importFile(store, vectors, model.name(), model.dimension());
            }
            if (store.progress(model.name()).missing() > 0) {
                System.err.printf("embedding %s documents%n", store.progress(model.name()).missing());
                new EmbeddingJob(store, model).run(Long.MAX_VALUE, null);
                VectorFile.export(store, model.name(), model.dimension(), vectors);
            }
        }

        private void report(ThresholdCalibration calibration, int queryCount, int documentCount) {
            out.printf(Locale.ROOT, "%,d queries x %,d documents: %,d relevant pairs, %,d irrelevant%n", queryCount,
                    documentCount, calibration.relevantPairs(), calibration.irrelevantPairs());
            out.printf(Locale.ROOT, "relevant pairs' cosine:   10%% %.3f, 25%% %.3f, median %.3f, 75%% %.3f%n",
                    calibration.relevantQuantile(0.10), calibration.relevantQuantile(0.25),
                    calibration.relevantQuantile(0.5), calibration.relevantQuantile(0.75));
            out.printf(Locale.ROOT, "irrelevant pairs' cosine: median %.3f, 99%% %.3f, 99.9%% %.3f, 99.99%% %.3f%n%n",
                    calibration.irrelevantQuantile(0.5), calibration.irrelevantQuantile(0.99),
                    calibration.irrelevantQuantile(0.999), calibration.irrelevantQuantile(0.9999));
            out.print(calibration.table(0.50, 0.90, 0.02));
            ThresholdCalibration.Row best = calibration.bestF1();
            out.printf(Locale.ROOT, "%nbest F1 %.3f at threshold %.2f (precision %.3f, recall %.3f); alerts.threshold "
                    + "is %s%n", best.f1(), best.threshold(), best.precision(), best.recall(),
                    Settings.defaults().get(Settings.Key.ALERTS_THRESHOLD));
        }
    }

    @Command(name = "matching", mixinStandardHelpOptions = true,
            description = "Time to match one new paper against N alerts (the in-memory alert matrix).")
    static final class Matching implements Callable<Integer> {

        @Option(names = "--alerts", defaultValue = "1000,10000,100000", split = ",", paramLabel = "N",
                description = "Numbers of alerts. Default: ${DEFAULT-VALUE}.")
        List<Integer> alerts;

        @Option(names = "--papers", defaultValue = "2000", paramLabel = "N",
                description = "New papers per measurement. Default: ${DEFAULT-VALUE}.")
        int papers;

        @Override
        public Integer call() {
            List<String> lines = new ArrayList<>(List.of("| alerts | µs per new paper | papers per second | alert matrix MB |",
                    "|---|---|---|---|"));
            for (int n : alerts) {
                MatchingCost.Result result = MatchingCost.measure(n, BgeSmallEmbeddingModel.DIMENSION, papers);
                lines.add(String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %.1f |", n, result.microsPerPaper(),
                        1e6 / result.microsPerPaper(), result.matrixBytes() / 1048576.0));
            }
            System.out.println(String.join("\n", lines));
            return 0;
        }
    }
}
