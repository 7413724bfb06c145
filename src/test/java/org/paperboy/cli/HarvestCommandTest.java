package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.ingest.arxiv.HarvestState;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.OaiListing;

/** {@code paperboy harvest} against a loopback arXiv: the summary, the exit codes, incremental and backfill runs. */
class HarvestCommandTest {

    @TempDir
    Path dir;
    private ArxivServer arxiv;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        arxiv = ArxivServer.start();
        config = Files.writeString(dir.resolve("paperboy.properties"),
                "arxiv.oai-url=" + arxiv.baseUrl() + "/oai\narxiv.request-interval=0\n");
    }

    @AfterEach
    void stop() {
        arxiv.close();
    }

    private CommandRun harvest(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("harvest", "--config", config.toString(),
                "--data-dir", dir.resolve("data").toString()));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void harvestsPrintsTheSummaryAndNextTimeGoesOnFromTheState() {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        arxiv.route(OaiListing.ofPapers(2, 3, now)::answer);

        CommandRun first = harvest();

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("set cs, records changed from " + today.minusDays(3) + ": completed")
                .containsPattern("records read +6 +\\(2 pages\\)").containsPattern("added +6")
                .containsPattern("updated +0").containsPattern("unchanged +0").containsPattern("skipped +0")
                .containsPattern("requests made +2").containsPattern("waiting on arXiv +0\\.0 s")
                .containsPattern("elapsed +\\d+\\.\\d s");
        assertThat(arxiv.requests().getFirst().parameters()).containsEntry("from", today.minusDays(3).toString());

        CommandRun second = harvest();

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).containsPattern("unchanged +6");
        assertThat(arxiv.requests().get(2).parameters()).containsEntry("from", today.minusDays(1).toString());
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("data/paperboy.db"), null, null)) {
            assertThat(new Catalog(database).count()).isEqualTo(6);
            assertThat(new HarvestState(database).find("cs").orElseThrow().lastCompletedDay()).isEqualTo(today);
        }
    }

    @Test
    void aFailureExitsWithOneLineSayingWhy() {
        arxiv.route(request -> Reply.xml(OaiListing.error(Instant.now(), "badArgument", "Illegal date")));

        CommandRun run = harvest("--set", "math");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("set math").contains("failed");
        assertThat(run.errLines().getLast())
                .isEqualTo("paperboy: the harvest of set math failed: arXiv refused the harvest: badArgument: Illegal date");
    }

    @Test
    void aBackfillAsksForItsDaysForEverySetGiven() {
        arxiv.route(OaiListing.ofPapers(1, 2, Instant.now())::answer);

        CommandRun run = harvest("--from", "2025-11-01", "--until", "2025-11-03", "--set", "math", "--set", "cs:cs:AI");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(arxiv.requests()).extracting(r -> r.parameter("set") + " " + r.parameter("from") + " "
                + r.parameter("until")).containsExactly("math 2025-11-01 2025-11-03", "cs:cs:AI 2025-11-01 2025-11-03");
    }

    @Test
    void untilWithoutFromAndDaysOutOfOrderAreUsageErrors() {
        assertThat(harvest("--until", "2025-11-03").exitCode()).isEqualTo(2);
        CommandRun backwards = harvest("--from", "2025-11-03", "--until", "2025-11-01");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("--from 2025-11-03 is after --until 2025-11-01");
        assertThat(harvest("--set", "not a set!").exitCode()).isEqualTo(1);
        assertThat(arxiv.requests()).isEmpty();
    }
}
