package org.paperboy.schedule;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link RecurringJob} as db-scheduler's recurring task. After a run, finished or failed, the job is due at its
 * next scheduled time; a run that ends while the scheduler stops may be cut short, so it is due again at once, for
 * another node or this one's next start.
 */
final class JobTask extends RecurringTask<Void> {

    private static final Logger log = LoggerFactory.getLogger(JobTask.class);

    private final RecurringJob job;
    private final BooleanSupplier stopping;

    JobTask(RecurringJob job, BooleanSupplier stopping) {
        super(job.name(), job.schedule(), Void.class, failureHandler(job.schedule(), stopping));
        this.job = job;
        this.stopping = stopping;
    }

    private static <T> com.github.kagkarlsson.scheduler.task.FailureHandler<T> failureHandler(
            Schedule schedule, BooleanSupplier stopping) {
        // At the next scheduled time, not sooner: a job that fails at once must not run in a loop.
        return (complete, operations) -> operations.reschedule(complete,
                stopping.getAsBoolean() ? complete.getTimeDone() : schedule.getNextExecutionTime(complete));
    }

    @Override
    public CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        CompletionHandler<Void> next = super.execute(instance, context);
        if (stopping.getAsBoolean()) {
            log.atInfo().addKeyValue("job", job.name()).log("job {} ended as the scheduler stops; due again at once",
                    job.name());
            return JobTask::dueAgainAtOnce;
        }
        return next;
    }

    private static void dueAgainAtOnce(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        operations.reschedule(complete, complete.getTimeDone());
    }

    @Override
    public void executeRecurringly(TaskInstance<Void> instance, ExecutionContext context) {
        long start = System.nanoTime();
        try {
            job.work().run(stopping::getAsBoolean);
        } catch (RuntimeException e) {
            throw logged(e);
        } catch (Error e) {
            throw logged(e);
        } catch (Exception e) {
            throw logged(new JobFailedException(e));
        }
        log.atInfo().addKeyValue("job", job.name()).addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
                .log("job {} done", job.name());
    }

    private <T extends Throwable> T logged(T failure) {
        Throwable cause = failure instanceof JobFailedException ? failure.getCause() : failure;
        log.atWarn().addKeyValue("job", job.name()).log("job {} failed: {}", job.name(), cause.toString());
        log.atDebug().setCause(cause).log("job {} failed", job.name());
        return failure;
    }

    /** A job's checked exception, carried to db-scheduler, which records the failure. */
    static final class JobFailedException extends RuntimeException {
        JobFailedException(Exception cause) {
            super(cause.toString(), cause);
        }
    }
}
