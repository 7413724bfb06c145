package org.paperboy.schedule;

import java.time.Instant;

/**
 * Where one recurring job stands, across all nodes. Times are null when they have not happened.
 *
 * @param nextRun when it is due next; while it runs, when that run was due
 * @param running whether a node has picked it and not finished
 * @param runningOn that node's name (host:pid), or null
 * @param lastHeartbeat when that node last said it is still running it: a node that stops saying so is taken
 *                      for dead, and another node runs the job again
 * @param consecutiveFailures failed runs since the last success
 */
public record JobStatus(String name, Instant nextRun, boolean running, String runningOn, Instant lastHeartbeat,
                        Instant lastSuccess, Instant lastFailure, int consecutiveFailures) {}
