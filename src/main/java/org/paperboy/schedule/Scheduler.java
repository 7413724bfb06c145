package org.paperboy.schedule;

import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.SqliteJdbcCustomization;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.paperboy.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paperboy's one background scheduler (db-scheduler over the store's table {@code scheduled_tasks}). Every node of a
 * cluster may run it with the same jobs: a due job is picked by one node only (PostgreSQL: {@code SKIP LOCKED}; SQLite:
 * a versioned update), and the node that runs it writes a heartbeat; when the heartbeats stop (the process was
 * killed), another node runs the job again. Runs missed while no node was up are not replayed: the job runs once, at
 * its next time.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    static final String HEARTBEAT_PROPERTY = "paperboy.scheduler.heartbeat-seconds";
    /** Jobs run hours apart; a poll is one indexed query, cheap even on SQLite. */
    static final Duration POLLING_INTERVAL = Duration.ofSeconds(5);
    /**
     * A run is taken for dead after six missed heartbeats: three minutes here. The system property
     * {@value #HEARTBEAT_PROPERTY} (seconds) changes it: tests of several {@code serve} processes, in which a killed
     * node's run must be taken over within seconds, set 1; each heartbeat is one write per running job.
     */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(Math.max(1, Long.getLong(HEARTBEAT_PROPERTY, 30)));
    private static final int THREADS = 2;

    private final Database database;
    private final Duration stopWait;
    private final Duration pollingInterval;
    private final Duration heartbeatInterval;
    private final String nodeName;
    private final JdbcCustomization jdbc;
    private final ScheduledTasksTable table;
    private volatile boolean stopping;
    private com.github.kagkarlsson.scheduler.Scheduler running;
    private boolean closed;

    /** A scheduler over {@code database}; stopping waits up to {@code stopWait} for running jobs. */
    public Scheduler(Database database, Duration stopWait) {
        this(database, stopWait, POLLING_INTERVAL, HEARTBEAT_INTERVAL);
    }

    /** As above, polling for due jobs and beating hearts at other intervals (tests that cannot wait minutes). */
    Scheduler(Database database, Duration stopWait, Duration pollingInterval, Duration heartbeatInterval) {
        this.database = database;
        this.stopWait = stopWait;
        this.pollingInterval = pollingInterval;
        this.heartbeatInterval = heartbeatInterval;
        this.nodeName = thisProcess();
        this.jdbc = switch (database.dialect()) {
            case SQLITE -> new SqliteJdbcCustomization();
            case POSTGRESQL -> new PostgreSqlJdbcCustomization(false, false);
        };
        this.table = new ScheduledTasksTable(database, jdbc);
    }

    /** This process as the scheduler's table names it: {@code host:pid}, within the table's 50 characters. */
    private static String thisProcess() {
        String host = new SchedulerName.Hostname().getName();
        return host.substring(0, Math.min(host.length(), 40)) + ":" + ProcessHandle.current().pid();
    }

    /** This node's name, as {@link JobStatus#runningOn()} shows it. */
    public String nodeName() {
        return nodeName;
    }

    /**
     * Starts running {@code jobs} (once per scheduler); a job that is new to the store is first due at its next time.
     * Every node should run the same jobs: a job's row that a node does not know is deleted after it has been unknown
     * there for 14 days (db-scheduler's clean-up of removed jobs).
     */
    public synchronized void start(List<RecurringJob> jobs) {
        if (closed || running != null) {
            throw new IllegalStateException(closed ? "the scheduler is closed" : "the scheduler is running already");
        }
        List<JobTask> tasks = new ArrayList<>();
        var names = new HashSet<String>();
        for (RecurringJob job : jobs) {
            if (!names.add(job.name())) {
                throw new IllegalArgumentException("two jobs are named " + job.name());
            }
            tasks.add(new JobTask(job, () -> stopping));
        }
        var builder = com.github.kagkarlsson.scheduler.Scheduler.create(database.dataSource())
                .startTasks(tasks)
                .jdbcCustomization(jdbc)
                .schedulerName(new SchedulerName.Fixed(nodeName))
                .threads(THREADS)
                .executorService(Executors.newFixedThreadPool(THREADS, daemon("scheduler-job-")))
                .dueExecutor(Executors.newSingleThreadExecutor(daemon("scheduler-poll-")))
                .housekeeperExecutor(Executors.newScheduledThreadPool(2, daemon("scheduler-housekeeping-")))
                .pollingInterval(pollingInterval)
                .heartbeatInterval(heartbeatInterval)
                // Wait half, interrupt, wait the other half: see close().
                .shutdownMaxWait(stopWait.dividedBy(2))
                .enableImmediateExecution()
                // JobTask logs a failure in one line; the stack trace is for debugging.
                .failureLogging(LogLevel.DEBUG, true);
        if (database.dialect() == Database.Dialect.POSTGRESQL) {
            builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        running = builder.build();
        running.start();
        log.atInfo().addKeyValue("node", nodeName).addKeyValue("jobs", jobs.stream().map(RecurringJob::name).toList())
                .log("scheduler started");
    }

    /**
     * Makes the job due at once (an admin's "run now"); this node looks for it straight away if it is running.
     *
     * @return false when a node is running the job now
     * @throws IllegalArgumentException when no scheduler has ever run a job of that name on this store
     */
    public boolean runNow(String name) {
        ScheduledTasksTable.Outcome outcome = table.makeDue(name, Instant.now());
        if (outcome == ScheduledTasksTable.Outcome.UNKNOWN) {
            throw new IllegalArgumentException("no scheduled job is named '" + name + "'");
        }
        synchronized (this) {
            if (running != null && !closed) {
                running.triggerCheckForDueExecutions();
            }
        }
        return outcome == ScheduledTasksTable.Outcome.DUE;
    }

    /** Whether this node runs jobs: started and not closed. Other nodes may run them all the same. */
    public synchronized boolean isRunning() {
        return running != null && !closed;
    }

    /** Every recurring job of the store, whichever node runs it, by name. */
    public List<JobStatus> status() {
        return table.statuses();
    }

    /**
     * Stops taking new work and tells running jobs to stop ({@link JobContext#stopping()}); waits up to half the stop
     * wait for them, interrupts them, and waits the other half. A job still running then is left to its thread (a
     * daemon): its row stays picked until another node finds its heartbeat gone and runs it again.
     */
    @Override
    public void close() {
        com.github.kagkarlsson.scheduler.Scheduler toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = running;
        }
        stopping = true;
        if (toStop != null) {
            toStop.stop();
            log.atInfo().addKeyValue("node", nodeName).log("scheduler stopped");
        }
    }

    private static ThreadFactory daemon(String prefix) {
        return Thread.ofPlatform().name(prefix, 1).daemon().factory();
    }
}
