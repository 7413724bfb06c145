package org.paperboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paperboy.schedule.RunLog.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.storage.Database;
import org.slf4j.LoggerFactory;

/** The scheduler on the embedded store: SQLite, polled, its times stored as UTC milliseconds. */
class SqliteSchedulerTest {

    static final String EVERY_SECOND = "* * * * * *";
    /** Midnight on New Year's Day: never due during a test unless run now. */
    static final String YEARLY = "0 0 0 1 1 *";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private Database database;
    private RunLog runs;
    private Scheduler scheduler;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
        runs = new RunLog(database);
        scheduler = new Scheduler(database, Duration.ofSeconds(4), Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    @AfterEach
    void close() {
        scheduler.close();
        database.close();
    }

    private RecurringJob recorded(String name, String cron) {
        return new RecurringJob(name, cron, ZoneOffset.UTC, context -> runs.record(name, scheduler.nodeName(), "finished"));
    }

    private JobStatus status(String name) {
        return scheduler.status().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aJobRunsOnItsScheduleAndItsStatusShowsIt() throws Exception {
        scheduler.start(List.of(recorded("tick", EVERY_SECOND)));

        await(WAIT, "two runs", () -> runs.count("tick", "finished") >= 2);
        await(WAIT, "a status between runs", () -> !status("tick").running());

        JobStatus tick = status("tick");
        Instant now = Instant.now();
        assertThat(tick.lastSuccess()).isBetween(now.minusSeconds(3), now);
        assertThat(tick.nextRun()).isAfter(tick.lastSuccess()).isBefore(now.plusSeconds(2));
        assertThat(tick.lastFailure()).isNull();
        assertThat(tick.consecutiveFailures()).isZero();
        assertThat(tick.runningOn()).isNull();
        String storedTypes = database.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT typeof(execution_time), typeof(last_success) FROM scheduled_tasks")) {
                rs.next();
                return rs.getString(1) + "," + rs.getString(2);
            }
        });
        assertThat(storedTypes).as("times stored as numbers, which compare as times").isEqualTo("integer,integer");
    }

    @Test
    void aFailingJobIsRecordedAndLoggedAndTheSchedulerKeepsRunning() throws Exception {
        Logger jobLog = (Logger) LoggerFactory.getLogger(JobTask.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        jobLog.addAppender(logged);
        jobLog.setAdditive(false); // kept here, off the console
        AtomicInteger attempts = new AtomicInteger();
        try {
            scheduler.start(List.of(new RecurringJob("fails", EVERY_SECOND, ZoneOffset.UTC, context -> {
                attempts.incrementAndGet();
                throw new IOException("feed unreachable");
            }), recorded("works", YEARLY)));

            await(WAIT, "two failures", () -> status("fails").consecutiveFailures() >= 2);
            Thread.sleep(2_000);
            assertThat(attempts.get()).as("retried at its next time, once a second, not in a loop").isBetween(2, 7);

            JobStatus fails = status("fails");
            assertThat(fails.lastFailure()).isAfter(Instant.now().minusSeconds(3));
            assertThat(fails.lastSuccess()).isNull();
            assertThat(logged.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("fails", "feed unreachable");
            });

            assertThat(scheduler.runNow("works")).isTrue();
            await(WAIT, "another job to run", () -> runs.count("works", "finished") == 1);
        } finally {
            jobLog.detachAppender(logged);
            jobLog.setAdditive(true);
        }
    }

    @Test
    void runNowRunsAJobAtOnceAndKeepsItsHistory() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        scheduler.start(List.of(new RecurringJob("harvest", YEARLY, ZoneOffset.UTC, context -> {
            if (calls.incrementAndGet() == 2) {
                runs.record("harvest", scheduler.nodeName(), "started");
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            runs.record("harvest", scheduler.nodeName(), "finished");
        })));
        assertThat(status("harvest").nextRun()).isAfter(Instant.now().plus(Duration.ofHours(1)));

        assertThat(scheduler.runNow("harvest")).isTrue();
        await(WAIT, "the first run", () -> runs.count("harvest", "finished") == 1);
        await(WAIT, "its outcome", () -> status("harvest").lastSuccess() != null && !status("harvest").running());
        Instant firstSuccess = status("harvest").lastSuccess();

        assertThat(scheduler.runNow("harvest")).isTrue();
        await(WAIT, "the second run to start", () -> runs.count("harvest", "started") == 1);
        JobStatus running = status("harvest");
        assertThat(running.running()).isTrue();
        assertThat(running.runningOn()).isEqualTo(scheduler.nodeName()).endsWith(":" + ProcessHandle.current().pid());
        assertThat(running.lastSuccess()).as("history kept").isEqualTo(firstSuccess);
        assertThat(scheduler.runNow("harvest")).as("already running").isFalse();
        release.countDown();
        await(WAIT, "the second run", () -> runs.count("harvest", "finished") == 2);
        await(WAIT, "the yearly time again", () -> status("harvest").nextRun().isAfter(Instant.now().plus(Duration.ofHours(1))));

        assertThatThrownBy(() -> scheduler.runNow("no-such-job")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-job");
    }

    @Test
    void theSchedulersWritesWaitForAJobsLongWriteTransaction() throws Exception {
        scheduler.start(List.of(new RecurringJob("import", YEARLY, ZoneOffset.UTC, context -> {
            runs.record("import", scheduler.nodeName(), "started");
            database.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO job_runs VALUES ('import', 'batch', 'written', 0)");
                    Thread.sleep(2_500); // holds SQLite's one write lock past two heartbeats and the other job's runs
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        }), recorded("tick", EVERY_SECOND)));
        await(WAIT, "a tick first", () -> runs.count("tick", "finished") >= 1);

        scheduler.runNow("import");
        await(WAIT, "the long write to begin", () -> runs.count("import", "started") == 1);
        await(WAIT, "the long write to commit", () -> runs.count("import", "written") == 1);
        await(WAIT, "its outcome", () -> status("import").lastSuccess() != null);
        int ticksAfter = runs.count("tick", "finished");
        await(WAIT, "ticks to go on", () -> runs.count("tick", "finished") > ticksAfter);

        assertThat(scheduler.status()).allSatisfy(job -> {
            assertThat(job.lastFailure()).as(job.name()).isNull();
            assertThat(job.lastSuccess()).as(job.name()).isNotNull();
        });
    }

    @Test
    void jobsAreValidatedWhenDefined() {
        assertThatThrownBy(() -> new RecurringJob("bad", "every day", ZoneOffset.UTC, context -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad").hasMessageContaining("cron");
        assertThatThrownBy(() -> new RecurringJob(" ", YEARLY, ZoneOffset.UTC, context -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.start(List.of(recorded("twice", YEARLY), recorded("twice", EVERY_SECOND))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
