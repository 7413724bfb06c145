package org.paperboy.schedule;

import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.storage.Database;

/**
 * Paperboy's own reads and writes of db-scheduler's table {@code scheduled_tasks} (migration V10), with its timestamp
 * binding. db-scheduler's client would do the same, but its reschedule forgets a job's successes and failures.
 */
final class ScheduledTasksTable {

    private final Database database;
    private final JdbcCustomization timestamps;

    ScheduledTasksTable(Database database, JdbcCustomization timestamps) {
        this.database = database;
        this.timestamps = timestamps;
    }

    /** Makes the job due now unless a node runs it already; the versioned update is how db-scheduler's writes race. */
    Outcome makeDue(String name, Instant now) {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE scheduled_tasks SET execution_time = ?, "
                    + "version = version + 1 WHERE task_name = ? AND task_instance = ? AND picked = ?")) {
                timestamps.setInstant(update, 1, now);
                update.setString(2, name);
                update.setString(3, RecurringTask.INSTANCE);
                update.setBoolean(4, false);
                if (update.executeUpdate() == 1) {
                    return Outcome.DUE;
                }
            }
            try (PreparedStatement find = c.prepareStatement(
                    "SELECT 1 FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?")) {
                find.setString(1, name);
                find.setString(2, RecurringTask.INSTANCE);
                try (ResultSet rs = find.executeQuery()) {
                    return rs.next() ? Outcome.RUNNING : Outcome.UNKNOWN;
                }
            }
        });
    }

    enum Outcome { DUE, RUNNING, UNKNOWN }

    /** Every recurring job in the table, by name. */
    List<JobStatus> statuses() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT task_name, execution_time, picked, picked_by, "
                    + "last_heartbeat, last_success, last_failure, consecutive_failures FROM scheduled_tasks "
                    + "WHERE task_instance = ? ORDER BY task_name")) {
                s.setString(1, RecurringTask.INSTANCE);
                List<JobStatus> statuses = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        boolean picked = rs.getBoolean("picked");
                        statuses.add(new JobStatus(rs.getString("task_name"),
                                timestamps.getInstant(rs, "execution_time"), picked,
                                picked ? rs.getString("picked_by") : null, timestamps.getInstant(rs, "last_heartbeat"),
                                timestamps.getInstant(rs, "last_success"), timestamps.getInstant(rs, "last_failure"),
                                rs.getInt("consecutive_failures")));
                    }
                }
                return statuses;
            }
        });
    }
}
