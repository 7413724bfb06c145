package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperboy.catalog.Catalog;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.OaiListing;

/** The harvest job: where each set's harvest starts, what the store records of it, and sets failing alone. */
class HarvestTest {

    private static final Instant NOW = Instant.parse("2025-11-22T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2025-11-22");

    @TempDir
    Path dir;
    private Database database;
    private Catalog catalog;
    private ArxivServer arxiv;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
        catalog = new Catalog(database);
        arxiv = ArxivServer.start();
    }

    @AfterEach
    void close() {
        arxiv.close();
        database.close();
    }

    private Harvest harvest(String sets) {
        Settings settings = Settings.defaults().with(Settings.Key.ARXIV_OAI_URL, arxiv.baseUrl() + "/oai")
                .with(Settings.Key.ARXIV_SETS, sets);
        return new Harvest(settings, database, catalog, OaiHarvesterTest.quick(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theFirstHarvestOfASetStartsAFewDaysBackAndAsksForNoEnd() {
        arxiv.route(OaiListing.ofPapers(1, 2, NOW)::answer);

        HarvestReport report = harvest("cs").incremental("cs", () -> false);

        assertThat(report.from()).isEqualTo(TODAY.minusDays(Harvest.FIRST_HARVEST_DAYS));
        assertThat(arxiv.requests().getFirst().parameters()).containsEntry("from", "2025-11-19")
                .doesNotContainKey("until");
        assertThat(harvest("cs").state().find("cs").orElseThrow().lastCompletedDay()).isEqualTo(TODAY);
    }

    @Test
    void anIncrementalHarvestStartsADayBeforeTheLastCompletedOne() {
        arxiv.route(OaiListing.ofPapers(1, 2, Instant.parse("2025-11-20T01:00:00Z"))::answer);
        Harvest harvest = harvest("cs");
        harvest.incremental("cs", () -> false);
        assertThat(harvest.incrementalFrom("cs")).isEqualTo(LocalDate.parse("2025-11-19"));

        arxiv.route(OaiListing.ofPapers(1, 2, NOW)::answer);
        HarvestReport second = harvest.incremental("cs", () -> false);

        assertThat(arxiv.requests().getLast().parameters()).containsEntry("from", "2025-11-19");
        assertThat(second.from()).isEqualTo(LocalDate.parse("2025-11-19"));
        assertThat(harvest.state().find("cs").orElseThrow().lastCompletedDay()).isEqualTo(TODAY);
        assertThat(harvest.incrementalFrom("cs")).isEqualTo(TODAY.minusDays(Harvest.OVERLAP_DAYS));
    }

    @Test
    void aPageThatHangsFailsTheHarvestClearlyLeavesTheStateAndARerunCompletes() {
        Harvest harvest = harvest("cs");
        arxiv.route(OaiListing.ofPapers(1, 1, Instant.parse("2025-11-20T01:00:00Z"))::answer);
        harvest.incremental("cs", () -> false);
        LocalDate completed = harvest.state().find("cs").orElseThrow().lastCompletedDay();

        OaiListing listing = OaiListing.ofPapers(3, 4, NOW);
        arxiv.route(request -> request.parameters().containsValue("6960524|1") && listing.pagesServed() < 2
                ? Reply.hang() : listing.answer(request));
        long start = System.nanoTime();
        HarvestReport hung = harvest.incremental("cs", () -> false);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(hung.outcome()).isEqualTo(HarvestReport.Outcome.FAILED);
        assertThat(hung.error()).contains("did not answer in time").contains("tries again later");
        HarvestState.SetState afterFailure = harvest.state().find("cs").orElseThrow();
        assertThat(afterFailure.lastCompletedDay()).isEqualTo(completed);
        assertThat(afterFailure.lastRun().outcome()).isEqualTo("failed");
        assertThat(afterFailure.lastRun().error()).isEqualTo(hung.error());

        arxiv.route(listing::answer);
        HarvestReport rerun = harvest.incremental("cs", () -> false);

        assertThat(rerun.outcome()).isEqualTo(HarvestReport.Outcome.COMPLETED);
        assertThat(rerun.from()).isEqualTo(hung.from());
        assertThat(catalog.count()).isEqualTo(12);
        assertThat(harvest.state().find("cs").orElseThrow().lastCompletedDay()).isEqualTo(TODAY);
    }

    @Test
    void oneSetFailingDoesNotStopTheOthers() {
        OaiListing listing = OaiListing.ofPapers(2, 3, NOW);
        arxiv.route(request -> "math".equals(request.parameter("set"))
                ? Reply.xml(OaiListing.error(NOW, "badArgument", "Illegal set")) : listing.answer(request));
        List<List<OaiRecord>> batches = new CopyOnWriteArrayList<>();

        List<HarvestReport> reports = harvest("math,cs").withListener(new OaiHarvester.Listener() {
            @Override
            public void batchStored(List<OaiRecord> batch) {
                batches.add(batch);
            }
        }).runConfiguredSets(() -> false);

        assertThat(reports).extracting(HarvestReport::set, HarvestReport::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("math", HarvestReport.Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("cs", HarvestReport.Outcome.COMPLETED));
        assertThat(reports.getFirst().error()).contains("Illegal set");
        assertThat(catalog.count()).isEqualTo(6);
        assertThat(batches).hasSize(1);
        assertThat(harvest("cs").state().find("math").orElseThrow().lastRun().error()).contains("Illegal set");
    }

    @Test
    void stoppingSkipsTheSetsNotYetBegun() {
        arxiv.route(OaiListing.ofPapers(1, 1, NOW)::answer);

        assertThat(harvest("cs,math").runConfiguredSets(() -> true)).isEmpty();
        assertThat(arxiv.requests()).isEmpty();
    }

    @ParameterizedTest(name = "completed {0}, harvest {1}..{2} answered {3}: {4}")
    @CsvSource(nullValues = "-", value = {
        "-,          2025-11-19, -,          2025-11-22, 2025-11-22", // the first harvest
        "2025-11-20, 2025-11-19, -,          2025-11-22, 2025-11-22", // an incremental harvest
        "2025-11-20, 2025-11-19, -,          2025-11-19, 2025-11-20", // never backwards
        "2025-11-20, 2025-11-21, -,          2025-11-22, 2025-11-20", // a gap before its from-day
        "2025-11-20, 2025-01-01, 2025-11-30, 2025-11-22, 2025-11-22", // a backfill up to the present
        "2025-11-20, 2025-01-01, 2025-01-31, 2025-11-22, 2025-11-20", // a backfill of old days
        "2025-01-10, 2025-01-01, 2025-01-31, 2025-11-22, 2025-02-01", // a backfill that reaches beyond the day
        "-,          2025-01-01, 2025-01-31, 2025-11-22, -",          // a backfill of old days stands in for nothing
    })
    void theCompletedDayMovesOnlyForwardAndOnlyWithoutAGap(LocalDate current, LocalDate from, LocalDate until,
                                                          LocalDate answered, LocalDate expected) {
        assertThat(HarvestState.nextCompletedDay(current, from, until, answered)).isEqualTo(expected);
    }
}
