package org.paperboy.schedule;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.paperboy.storage.Database;

/**
 * A node for {@link PostgresSchedulerTest}, run in a JVM of its own: opens the store at {@code args[0]}, starts the job
 * {@value #JOB} at once, records that it started, and runs until the test kills the process.
 */
final class DyingNode {

    static final String JOB = "takeover";

    public static void main(String[] args) throws Exception {
        Database database = Database.open(args[0], "postgres", null);
        RunLog runs = new RunLog(database);
        Scheduler scheduler = new Scheduler(database, Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(1));
        scheduler.start(List.of(new RecurringJob(JOB, SqliteSchedulerTest.YEARLY, ZoneOffset.UTC, context -> {
            runs.record(JOB, scheduler.nodeName(), "started");
            Thread.sleep(Duration.ofMinutes(10));
        })));
        scheduler.runNow(JOB);
        Thread.sleep(Duration.ofMinutes(10));
    }
}
