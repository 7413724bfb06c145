package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.paperboy.testing.Fixtures;

/** {@code paperboy bench-embedding} on a few demo abstracts: a table with every contender and the ratio to raw. */
class EmbeddingBenchCommandTest {

    @Test
    void printsThroughputAndQueryCostOfEveryContender() {
        CommandRun run = CommandRun.of("bench-embedding", "--corpus", Fixtures.demoCorpus().toString(),
                "--texts", "3", "--queries", "4", "--rounds", "2", "--threads", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 texts, 4 queries, 2 rounds",
                "| Paperboy (2 threads x 1 intra-op) |", "| raw ONNX Runtime, 2 threads x 1 intra-op | ",
                "| raw ONNX Runtime, 1 thread x 2 intra-op |", "| langchain4j wrapper (Paperboy before) |");
        assertThat(run.out().lines().filter(line -> line.startsWith("| raw ONNX Runtime, 2 threads")))
                .singleElement().satisfies(row -> assertThat(row.split("\\|")[3].strip()).isEqualTo("1.00"));
    }

    @Test
    void refusesMoreQueriesThanTheCorpusHolds() {
        CommandRun run = CommandRun.of("bench-embedding", "--corpus", Fixtures.demoCorpus().toString(),
                "--texts", "9999", "--queries", "5");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("too few papers");
    }
}
