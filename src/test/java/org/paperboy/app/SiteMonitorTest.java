package org.paperboy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.config.Settings;
import org.paperboy.ingest.arxiv.HarvestState;

/** When a site's harvest counts as stale, and how fresh the status is. */
class SiteMonitorTest {

    private static final Instant START = Instant.parse("2026-03-02T12:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void aSiteThatNeverHarvestedIsStaleOnlyOnceStaleAfterHoursHavePassedSinceItStarted() throws Exception {
        MovableClock clock = new MovableClock(START);
        try (Paperboy paperboy = Paperboy.open(settings("1"))) {
            SiteMonitor monitor = new SiteMonitor(paperboy, clock);
            paperboy.indexSync().follow(100);
            paperboy.warmUp();

            SiteStatus fresh = monitor.fresh();
            assertThat(fresh.arxiv().sets()).singleElement().satisfies(set -> {
                assertThat(set.set()).isEqualTo("cs");
                assertThat(set.state()).isNull();
                assertThat(set.freshSince()).isEqualTo(START);
                assertThat(set.stale()).isFalse();
            });
            assertThat(fresh.health()).isEqualTo("ok");

            clock.now = START.plus(Duration.ofMinutes(59));
            assertThat(monitor.fresh().healthy()).isTrue();
            clock.now = START.plus(Duration.ofMinutes(61));
            SiteStatus stale = monitor.fresh();
            assertThat(stale.arxiv().staleSets()).containsExactly("cs");
            assertThat(stale.health()).isEqualTo("harvest stale");
        }
    }

    @Test
    void aStaleAfterOfZeroIsNeverStale() {
        MovableClock clock = new MovableClock(START);
        try (Paperboy paperboy = Paperboy.open(settings("0"))) {
            SiteMonitor monitor = new SiteMonitor(paperboy, clock);
            clock.now = START.plus(Duration.ofDays(365));
            assertThat(monitor.fresh().arxiv().stale()).isFalse();
        }
    }

    @Test
    void currentReadsTheStoreEveryFewSecondsAndFreshAtOnce() {
        try (Paperboy paperboy = Paperboy.open(settings("48"))) {
            SiteMonitor monitor = new SiteMonitor(paperboy);
            assertThat(monitor.current().arxiv().sets()).singleElement().extracting(SiteStatus.SetStatus::state).isNull();

            new HarvestState(paperboy.database()).started("cs", LocalDate.parse("2026-02-27"), null, Instant.now());
            assertThat(monitor.current().arxiv().sets().getFirst().state()).as("read a moment ago").isNull();
            assertThat(monitor.fresh().arxiv().sets().getFirst().lastRun().outcome()).isEqualTo("running");
            assertThat(monitor.current().arxiv().sets().getFirst().lastRun()).as("the fresh read is kept").isNotNull();
        }
    }

    @Test
    void setsNoLongerConfiguredAreListedAfterTheOthersAndNeverStale() {
        MovableClock clock = new MovableClock(START);
        try (Paperboy paperboy = Paperboy.open(settings("1"))) {
            new HarvestState(paperboy.database()).started("math", LocalDate.parse("2026-02-27"), null, START);
            SiteMonitor monitor = new SiteMonitor(paperboy, clock);
            clock.now = START.plus(Duration.ofDays(3));
            SiteStatus status = monitor.fresh();
            assertThat(status.arxiv().sets()).extracting(SiteStatus.SetStatus::set).containsExactly("cs", "math");
            assertThat(status.arxiv().sets()).extracting(SiteStatus.SetStatus::configured).containsExactly(true, false);
            assertThat(status.arxiv().staleSets()).containsExactly("cs");
        }
    }

    private Settings settings(String staleAfterHours) {
        return Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.EMBEDDING_PROVIDER, "none").with(Settings.Key.ARXIV_SETS, "cs")
                .with(Settings.Key.ARXIV_STALE_AFTER, staleAfterHours);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
