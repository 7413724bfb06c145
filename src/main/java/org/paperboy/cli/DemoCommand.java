package org.paperboy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.paperboy.config.Settings.Key;
import org.paperboy.app.Paperboy;
import org.paperboy.embed.EmbeddingModels;
import org.paperboy.embed.VectorFile;
import org.paperboy.embed.VectorStore;
import org.paperboy.ingest.ImportReport;
import org.paperboy.ingest.Importer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts Paperboy with the bundled demo corpus (10,000 arXiv papers).",
                "The first run imports the corpus into the data directory; later runs start at once."})
final class DemoCommand extends ServeCommand {

    /** Written once the demo corpus is fully imported, so an interrupted first run imports again (idempotently). */
    static final String IMPORTED_MARKER = "demo-corpus.imported";

    @Option(names = "--corpus", paramLabel = "FILE",
            description = "Corpus to import on first run (default: demo/arxiv-cs-10k.jsonl.gz in the Paperboy directory).")
    Path corpus;

    /** The demo corpus is a snapshot of 2025-2026, so its papers can be submitted to the feed whatever their age. */
    @Override
    Map<Key, String> defaults() {
        return Map.of(Key.SUBMIT_MAX_AGE_DAYS, "0", Key.ARXIV_HARVEST, "false");
    }

    @Override
    void beforeServing(Paperboy paperboy) throws Exception {
        Path marker = paperboy.settings().dataDir().resolve(IMPORTED_MARKER);
        if (Files.exists(marker)) {
            return;
        }
        Path file = corpus != null ? corpus : defaultCorpus();
        if (!Files.isRegularFile(file)) {
            throw new CommandFailedException("demo corpus " + file + " not found; run from the Paperboy checkout "
                    + "or pass --corpus FILE");
        }
        System.out.println("First run: importing the demo corpus " + file.getFileName() + " ...");
        ImportReport report = new Importer(paperboy.catalog()).importFiles(List.of(file), null, new ProgressReporter());
        System.out.println(report.summary(5));
        importShippedVectors(paperboy, file);
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, file.toAbsolutePath() + "\n");
    }

    /**
     * The demo ships its corpus's vectors ({@code CORPUS.vectors.gz} beside it, made by {@code paperboy embed
     * --export}), so hybrid search works at once instead of after ten minutes of embedding. Other models skip them.
     */
    static void importShippedVectors(Paperboy paperboy, Path corpus) throws java.io.IOException {
        Path vectors = corpus.resolveSibling(corpus.getFileName().toString().replace(".jsonl.gz", "") + ".vectors.gz");
        var spec = EmbeddingModels.spec(paperboy.settings());
        if (!Files.isRegularFile(vectors) || spec.isEmpty()
                || !VectorFile.readHeader(vectors).model().equals(spec.get().name())) {
            return;
        }
        VectorFile.ImportResult result = VectorFile.importFile(new VectorStore(paperboy.database()), vectors,
                spec.get().name(), spec.get().dimension());
        System.out.println("semantic index: " + result.progress().label() + " (vectors shipped with the demo)");
    }

    static Path defaultCorpus() {
        String home = System.getProperty("paperboy.home", ".");
        return Path.of(home, "demo", "arxiv-cs-10k.jsonl.gz");
    }
}
