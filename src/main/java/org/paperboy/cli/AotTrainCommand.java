package org.paperboy.cli;

import ch.qos.logback.classic.Level;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.paperboy.app.Logging;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.ingest.Importer;
import org.paperboy.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The training run of the start-up cache: the launcher runs it under {@code -XX:AOTCacheOutput} after a build. It
 * starts a server on a slice of the demo corpus in a temporary directory, as {@code serve} does, warms it up (the
 * searches, then its busiest pages over loopback) and exits; the JVM then writes the classes it loaded and linked and
 * the profiles of the methods that ran, so that a real server starts with them (JEPs 483, 514 and 515).
 */
@Command(name = "aot-train", hidden = true, mixinStandardHelpOptions = true,
        description = "Runs a server on part of the demo corpus, warms it up and exits (the start-up cache's training).")
final class AotTrainCommand implements Callable<Integer> {

    @Option(names = "--papers", paramLabel = "N", defaultValue = "2000",
            description = "Papers of the demo corpus to import (default: ${DEFAULT-VALUE}).")
    int papers;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "15",
            description = "Most seconds of page loads (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        Logging.configure(false, Level.INFO);
        Path corpus = DemoCommand.defaultCorpus();
        if (!Files.isRegularFile(corpus)) {
            throw new CommandFailedException("demo corpus " + corpus + " not found; run from the Paperboy checkout");
        }
        Path dir = Files.createTempDirectory("paperboy-aot-train");
        try {
            Settings settings = Settings.defaults().with(Key.DATA_DIR, dir.resolve("data").toString())
                    .with(Key.HTTP_HOST, "127.0.0.1").with(Key.HTTP_PORT, "0").with(Key.ARXIV_HARVEST, "false")
                    .with(Key.SEARCH_RATE_LIMIT, "0").with(Key.HTTP_WARMUP_SECONDS, Integer.toString(seconds));
            try (Paperboy paperboy = Paperboy.open(settings)) {
                step("importing " + papers + " papers of the demo corpus");
                new Importer(paperboy.catalog()).importFiles(List.of(slice(corpus, dir.resolve("slice.jsonl"))), null,
                        Importer.Progress.NONE);
                DemoCommand.importShippedVectors(paperboy, corpus);
                paperboy.indexSync().follow(1_000);
                try (WebServer server = WebServer.start(paperboy)) {
                    step("warming up the searches and pages");
                    paperboy.warmUp(() -> server.warmUp(paperboy));
                }
            }
            step("done; the JVM writes the cache as it exits");
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    /** The first {@link #papers} records of the demo corpus, in a file of their own. */
    private Path slice(Path corpus, Path slice) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(slice)) {
            String line;
            for (int n = 0; n < papers && (line = in.readLine()) != null; n++) {
                out.write(line);
                out.write('\n');
            }
        }
        return slice;
    }

    /** A line the launcher shows while the training runs (the JVM's own output goes to a log). */
    private static void step(String what) {
        System.out.println("aot-train: " + what);
        System.out.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
