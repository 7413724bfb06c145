package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperboy.testing.Fixtures;
import org.paperboy.testing.OpenSearchCluster;

/**
 * {@code paperboy bench-search --engine opensearch} against the test cluster: the index built through the server's
 * path and timed, the same rows as on the embedded engine, and where each operation's time goes, request by request.
 */
class BenchSearchOnOpenSearchTest {

    private static final String ALIAS = "bench-search-test";

    @AfterEach
    void dropIndexes() throws Exception {
        URI host = OpenSearchCluster.shared().anyRunningHost();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(host.resolve("/" + ALIAS + "-*")).DELETE()
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void buildsTheIndexOnTheClusterAndSaysWhereTheTimeGoes() {
        String hosts = OpenSearchCluster.shared().hosts().stream().map(URI::toString).collect(Collectors.joining(","));

        CommandRun run = CommandRun.of("bench-search", "--corpus", Fixtures.arxivSnapshot().toString(),
                "--engine", "opensearch", "--opensearch-hosts", hosts, "--opensearch-index", ALIAS,
                "--no-real-model", "--queries", "4", "--threads", "1", "--breakdown", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("indexed 200 papers in [0-9.]+ s")
                .contains("OpenSearch index " + ALIAS + ": 200 papers, 200 with vectors",
                        "| keyword | 1 |", "| hybrid | 1 |", "| similar | 1 |", "Where the time goes on OpenSearch",
                        "|   ↳ ranking: BM25 + kNN (_msearch) |", "|   ↳ snippets (_search) |",
                        "|   ↳ stored vector (_mget) |", "|   ↳ kNN (_search) |");
    }
}
