package org.paperboy.schedule;

/** What a running job may ask the scheduler. */
@FunctionalInterface
public interface JobContext {

    /**
     * Whether the scheduler is stopping: the job should end soon (between batches) and leave the rest to its next
     * run, which is due at once. A job still running when the stop's wait is half over is interrupted.
     */
    boolean stopping();
}
