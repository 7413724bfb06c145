package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.storage.Database;

/** The harvest state in the store, on SQLite and PostgreSQL: runs as they start and end, and the completed day. */
abstract class HarvestStateContract {

    private static final Instant T0 = Instant.parse("2025-11-21T03:00:00Z");
    private static final LocalDate D = LocalDate.parse("2025-11-21");

    @TempDir
    Path dir;
    private Database database;
    private HarvestState state;

    abstract Database openDatabase(Path dir);

    @BeforeEach
    void open() {
        database = openDatabase(dir);
        state = new HarvestState(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static HarvestReport completed(String set, LocalDate from, LocalDate until, LocalDate answered) {
        HarvestReport report = new HarvestReport(set, from, until);
        report.recordRead();
        report.recordRead();
        report.stored(new Catalog.UpsertResult(1, 0, 1, List.of()));
        report.completed(answered);
        report.finish(3, Duration.ofMillis(6_500), Duration.ofSeconds(9));
        return report;
    }

    @Test
    void aSetNeverHarvestedHasNoState() {
        assertThat(state.find("cs")).isEmpty();
        assertThat(state.all()).isEmpty();
    }

    @Test
    void aRunIsRecordedWhenItStartsAndWhenItEndsWithItsCounts() {
        state.started("cs", D.minusDays(3), null, T0);

        HarvestState.SetState running = state.find("cs").orElseThrow();
        assertThat(running.lastCompletedDay()).isNull();
        assertThat(running.lastCompletedAt()).isNull();
        assertThat(running.lastRun().outcome()).isEqualTo("running");
        assertThat(running.lastRun().startedAt()).isEqualTo(T0);
        assertThat(running.lastRun().endedAt()).isNull();

        state.ended(completed("cs", D.minusDays(3), null, D), T0.plusSeconds(9));

        HarvestState.SetState done = state.find("cs").orElseThrow();
        assertThat(done.lastCompletedDay()).isEqualTo(D);
        assertThat(done.lastCompletedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(done.lastRun()).isEqualTo(new HarvestState.LastRun(D.minusDays(3), null, T0, T0.plusSeconds(9),
                "completed", 2, 1, 0, 1, 0, 0, 3, 6_500, null));
    }

    @Test
    void aFailedRunKeepsTheCompletedDayAndSaysWhy() {
        state.started("cs", D.minusDays(3), null, T0);
        state.ended(completed("cs", D.minusDays(3), null, D), T0);

        state.started("cs", D.minusDays(1), null, T0.plusSeconds(86_400));
        HarvestReport failed = new HarvestReport("cs", D.minusDays(1), null);
        failed.failed("arXiv did not answer in time");
        state.ended(failed, T0.plusSeconds(86_500));

        HarvestState.SetState after = state.find("cs").orElseThrow();
        assertThat(after.lastCompletedDay()).isEqualTo(D);
        assertThat(after.lastCompletedAt()).isEqualTo(T0);
        assertThat(after.lastRun().outcome()).isEqualTo("failed");
        assertThat(after.lastRun().error()).isEqualTo("arXiv did not answer in time");
        assertThat(after.lastRun().from()).isEqualTo(D.minusDays(1));
    }

    @Test
    void aRunKilledOnTheWayLeavesRunningBehindWhichTheNextRunReplaces() {
        state.started("cs", D.minusDays(3), null, T0); // and then kill -9

        state.started("cs", D.minusDays(3), null, T0.plusSeconds(60));
        state.ended(completed("cs", D.minusDays(3), null, D), T0.plusSeconds(70));

        assertThat(state.find("cs").orElseThrow().lastRun().outcome()).isEqualTo("completed");
        assertThat(state.find("cs").orElseThrow().lastRun().startedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void theCompletedDayOnlyMovesForward() {
        state.started("cs", D.minusDays(3), null, T0);
        state.ended(completed("cs", D.minusDays(3), null, D), T0);
        state.started("cs", LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-31"), T0);
        state.ended(completed("cs", LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-31"), D.plusDays(1)),
                T0.plusSeconds(60));

        assertThat(state.find("cs").orElseThrow().lastCompletedDay()).isEqualTo(D);
        assertThat(state.find("cs").orElseThrow().lastCompletedAt()).as("a backfill of old days is no fresh harvest")
                .isEqualTo(T0);
    }

    @Test
    void setsAreKeptApart() {
        state.started("cs", D, null, T0);
        state.ended(completed("cs", D, null, D), T0);
        state.started("math", D, null, T0);

        assertThat(state.all()).extracting(HarvestState.SetState::set).containsExactly("cs", "math");
        assertThat(state.find("math").orElseThrow().lastCompletedDay()).isNull();
    }
}
