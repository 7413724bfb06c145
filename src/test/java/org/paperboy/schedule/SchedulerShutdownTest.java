package org.paperboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperboy.schedule.RunLog.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;

/** Paperboy stops its scheduler first: running jobs are told to stop, and closing waits for them only so long. */
class SchedulerShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private Paperboy open(int stopWaitSeconds) {
        return Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dir.toString())
                .with(Settings.Key.SCHEDULER_STOP_WAIT_SECONDS, Integer.toString(stopWaitSeconds)));
    }

    @Test
    void closingTellsARunningJobToStopAndTheRestIsDueAgainAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawStopping = new AtomicBoolean();
        AtomicBoolean storeUsableAtTheEnd = new AtomicBoolean();
        Paperboy paperboy = open(10);
        paperboy.scheduler().start(List.of(new RecurringJob("harvest", SqliteSchedulerTest.YEARLY, ZoneOffset.UTC,
                context -> {
                    started.countDown();
                    while (!context.stopping()) {
                        Thread.sleep(20); // a batch
                    }
                    sawStopping.set(true);
                    storeUsableAtTheEnd.set(paperboy.catalog().count() == 0);
                })));
        paperboy.scheduler().runNow("harvest");
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        paperboy.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(sawStopping).isTrue();
        assertThat(storeUsableAtTheEnd).as("the store closes after the jobs").isTrue();
        try (Paperboy reopened = open(10)) {
            JobStatus harvest = reopened.scheduler().status().getFirst();
            assertThat(harvest.running()).isFalse();
            assertThat(harvest.nextRun()).as("the run was cut short").isBefore(Instant.now());
        }
    }

    @Test
    void closingWaitsForAJobThatIgnoresItOnlyAsLongAsTheSettingSays() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        Paperboy paperboy = open(2);
        try {
            paperboy.scheduler().start(List.of(new RecurringJob("stubborn", SqliteSchedulerTest.YEARLY, ZoneOffset.UTC,
                    context -> {
                        started.countDown();
                        while (!release.get()) {
                            Thread.onSpinWait(); // deaf to stopping() and to interrupts
                        }
                    })));
            paperboy.scheduler().runNow("stubborn");
            assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            paperboy.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        } finally {
            release.set(true);
        }
    }
}
