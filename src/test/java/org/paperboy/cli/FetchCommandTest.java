package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivStandIn;

/** {@code paperboy fetch} end to end: the command line, a loopback arXiv, and the store it leaves behind. */
class FetchCommandTest {

    private static final Instant SUBMITTED = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path tmp;
    private ArxivServer arxiv;
    private final ArxivStandIn standIn = new ArxivStandIn();
    private Path config;

    @BeforeEach
    void start() throws Exception {
        arxiv = ArxivServer.start().route(standIn);
        config = Files.writeString(tmp.resolve("paperboy.properties"), String.join("\n",
                "data.dir=" + tmp.resolve("data"),
                "embedding.provider=none",
                "arxiv.oai-url=" + arxiv.baseUrl() + "/oai",
                "arxiv.api-url=" + arxiv.baseUrl() + "/api",
                "arxiv.request-interval=0", ""));
        standIn.oai("2601.00001", ArxivStandIn.getRecord("2601.00001", "From OAI-PMH", SUBMITTED))
                .api("2601.00002", ArxivStandIn.apiEntry("2601.00002v3", "From the API", SUBMITTED, SUBMITTED, "Emmy Noether"))
                .api("hep-th/9901001", ArxivStandIn.apiEntry("hep-th/9901001v1", "An old-style id",
                        Instant.parse("1999-01-01T00:00:00Z"), Instant.parse("1999-01-01T00:00:00Z"), "A. Author"));
    }

    @AfterEach
    void stop() {
        arxiv.close();
    }

    @Test
    void fetchesEachIdAndSaysWhatBecameOfIt() {
        CommandRun run = CommandRun.of("fetch", "--config", config.toString(), "2601.00001",
                "https://arxiv.org/abs/2601.00002v1", "hep-th/9901001");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "2601.00001         added  v1  From OAI-PMH",
                "2601.00002         added  v3  From the API",
                "hep-th/9901001     added  v1  An old-style id");

        standIn.api("2601.00002", ArxivStandIn.apiEntry("2601.00002v4", "From the API, revised", SUBMITTED,
                SUBMITTED.plusSeconds(86_400), "Emmy Noether"));
        CommandRun again = CommandRun.of("fetch", "--config", config.toString(), "2601.00001", "2601.00002");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out().lines()).containsExactly(
                "2601.00001         unchanged  v1  From OAI-PMH",
                "2601.00002         updated  v4  From the API, revised");
        try (Database database = Database.open("jdbc:sqlite:" + tmp.resolve("data").resolve("paperboy.db"), null, null)) {
            Catalog catalog = new Catalog(database);
            assertThat(catalog.count()).isEqualTo(3);
            assertThat(catalog.find(new PaperId("2601.00002")).orElseThrow().authors()).containsExactly("Emmy Noether");
        }
    }

    @Test
    void failsWithOneLineWhenAPaperIsMissing() {
        CommandRun run = CommandRun.of("fetch", "--config", config.toString(), "2601.00001", "2601.99999");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                "2601.00001         added  v1  From OAI-PMH",
                "2601.99999         not on arXiv");
        assertThat(run.errLines()).containsExactly("paperboy: 1 of 2 papers could not be fetched");
    }

    @Test
    void anUnreachableArxivIsAnErrorLine() {
        standIn.down(true);
        try {
            long start = System.nanoTime();
            CommandRun run = CommandRun.of("fetch", "--config", config.toString(), "--timeout", "1", "2601.00001");

            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).startsWith("2601.00001         error: arXiv did not answer in time");
            assertThat(run.errLines()).containsExactly("paperboy: 1 of 1 papers could not be fetched");
        } finally {
            standIn.down(false);
        }
    }

    @Test
    void refusesWhatIsNoArxivIdBeforeAskingArxiv() {
        CommandRun run = CommandRun.of("fetch", "--config", config.toString(), "2601.00001", "not-an-id");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "paperboy: 'not-an-id' is not an arXiv id (e.g. 2503.11731 or hep-th/9901001); nothing fetched");
        assertThat(arxiv.requests()).isEmpty();
        assertThat(CommandRun.of("fetch").exitCode()).as("fetch needs an id").isEqualTo(2);
    }
}
