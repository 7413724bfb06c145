package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.ingest.Importer;
import org.paperboy.testing.Fixtures;

/**
 * The demo's first-run import, through {@link DemoCommand#beforeServing}: the step between opening the store and
 * serving, so no server is started here.
 */
class DemoCommandTest {

    @TempDir
    Path dataDir;

    private Paperboy open() {
        return Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString()));
    }

    @Test
    void theFirstRunImportsTheBundledCorpusAndLaterRunsDoNot() throws Exception {
        Path marker = dataDir.resolve(DemoCommand.IMPORTED_MARKER);

        String firstRun;
        try (Paperboy paperboy = open()) {
            firstRun = stdoutOf(() -> new DemoCommand().beforeServing(paperboy)); // default corpus: ./demo/
            assertThat(paperboy.catalog().count()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        }
        assertThat(firstRun).contains("First run: importing the demo corpus arxiv-cs-10k.jsonl.gz",
                "added 10,000", "skipped 0");
        assertThat(marker).isRegularFile();
        assertThat(Files.readString(marker)).endsWith("\n");
        assertThat(Path.of(Files.readString(marker).strip()).normalize()).isEqualTo(Fixtures.demoCorpus().toAbsolutePath().normalize());

        // A later start with the marker present imports nothing, not even a different corpus.
        try (Paperboy paperboy = open()) {
            DemoCommand second = new DemoCommand();
            second.corpus = Fixtures.arxivSnapshot();
            String secondRun = stdoutOf(() -> second.beforeServing(paperboy));

            assertThat(secondRun).isEmpty();
            assertThat(paperboy.catalog().count()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
            assertThat(paperboy.catalog().find(new PaperId("0704.0001"))).isEmpty();
        }
    }

    @Test
    void aFirstRunThatWasInterruptedImportsAgainWithoutDuplicates() throws Exception {
        try (Paperboy paperboy = open()) {
            // as if a first run had committed everything and died before writing the marker
            new Importer(paperboy.catalog()).importFiles(List.of(Fixtures.arxivSnapshot()), null, Importer.Progress.NONE);
            DemoCommand demo = new DemoCommand();
            demo.corpus = Fixtures.arxivSnapshot();

            String output = stdoutOf(() -> demo.beforeServing(paperboy));

            assertThat(output).contains("read 200  added 0  updated 0  unchanged 200  skipped 0");
            assertThat(paperboy.catalog().count()).isEqualTo(200);
        }
        assertThat(dataDir.resolve(DemoCommand.IMPORTED_MARKER)).isRegularFile();
    }

    @Test
    void aMissingCorpusFailsWithAHintAndWritesNoMarker() {
        try (Paperboy paperboy = open()) {
            DemoCommand demo = new DemoCommand();
            demo.corpus = dataDir.resolve("no-such-corpus.jsonl.gz");

            assertThatThrownBy(() -> demo.beforeServing(paperboy))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessage("demo corpus " + demo.corpus + " not found; run from the Paperboy checkout or pass --corpus FILE");
            assertThat(paperboy.catalog().count()).isZero();
        }
        assertThat(dataDir.resolve(DemoCommand.IMPORTED_MARKER)).doesNotExist();
    }

    interface Step {
        void run() throws Exception;
    }

    /** What the step printed on stdout; its progress lines on stderr are dropped. */
    private static synchronized String stdoutOf(Step step) throws Exception {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            step.run();
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
