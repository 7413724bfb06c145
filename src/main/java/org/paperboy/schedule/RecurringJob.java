package org.paperboy.schedule;

import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A job that runs on a schedule, once per cluster: whichever node finds it due first runs it.
 *
 * @param name the job's stable name: its runs and history are kept under it (at most 100 characters)
 * @param cron when it runs, Spring-style with seconds first ({@code "0 30 0 * * MON-FRI"}: 00:30 on weekdays);
 *             {@code "-"} disables it
 * @param zone the time zone the cron expression is read in ({@code America/New_York} for arXiv's days)
 * @param work what it does; it must be safe to run twice (a run cut short by a dead node or a stop is run again)
 */
public record RecurringJob(String name, String cron, ZoneId zone, Work work) {

    static final int MAX_NAME_LENGTH = 100;

    public RecurringJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(work, "work");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a job's name must have 1 to " + MAX_NAME_LENGTH + " characters: '"
                    + name + "'");
        }
        try {
            Schedules.cron(cron, zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("job " + name + ": invalid cron expression '" + cron + "': "
                    + e.getMessage(), e);
        }
    }

    Schedule schedule() {
        return Schedules.cron(cron, zone);
    }

    /** The job's work. Long work checks {@link JobContext#stopping()} between batches and returns when it is true. */
    @FunctionalInterface
    public interface Work {
        void run(JobContext context) throws Exception;
    }
}
