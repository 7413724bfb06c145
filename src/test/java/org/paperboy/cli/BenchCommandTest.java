package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.testing.Fixtures;

/** {@code paperboy bench-search} on the embedded engine with a small corpus: indexing timed, a row per operation. */
class BenchCommandTest {

    @Test
    void timesTheIndexingAndEverySearchOperation() {
        CommandRun run = CommandRun.of("bench-search", "--corpus", Fixtures.arxivSnapshot().toString(),
                "--no-real-model", "--queries", "5", "--threads", "1,2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("indexed 200 papers in [0-9.]+ s \\([0-9,]+ papers/s\\)")
                .contains("embedded Lucene index: 200 papers, 200 with vectors, 1 segment(s)",
                        "| keyword | 1 |", "| hybrid | 1 |", "| similar | 1 |", "| hybrid | 2 |", "| similar | 2 |")
                .doesNotContain("Where the time goes on OpenSearch");
    }

    @Test
    void aCorpusOfOnePaperStillHasSimilarPapersAsked(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("one.jsonl");
        Files.writeString(corpus, Files.readAllLines(Fixtures.arxivSnapshot()).getFirst() + "\n");

        CommandRun run = CommandRun.of("bench-search", "--corpus", corpus.toString(), "--scratch",
                dir.toString(), "--no-real-model", "--queries", "3", "--threads", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| similar | 1 |");
    }

    @Test
    void openSearchNeedsItsHosts() {
        CommandRun run = CommandRun.of("bench-search", "--corpus", Fixtures.arxivSnapshot().toString(),
                "--engine", "opensearch");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--engine opensearch needs --opensearch-hosts");
    }
}
