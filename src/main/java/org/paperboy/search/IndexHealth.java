package org.paperboy.search;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * How the index's following of the catalog goes, for {@code /healthz}: whether its catch-ups fail (stalled, since
 * when, with what error) and the papers it could not index as they are. Kept in memory; the log has the same.
 */
public final class IndexHealth {

    /** Refused papers remembered for the status; the count goes on past it. */
    static final int RECENT_REFUSALS = 50;

    /**
     * The index's health. {@code state} is "ok", "stalled" while this node's catch-ups fail (each retried later, with
     * backoff), or "unreachable" when this node cannot read the index (a cluster it cannot reach: its searches fail
     * too; {@code appliedSeq} is then -1); times are ISO-8601 instants. {@code writer}: whether this node writes the
     * index now (always for an index of its own; for one the cluster shares, while it holds the writer lock), so that
     * a follower's "ok" is not read as the writer's: only the writer can tell that writing stalls.
     */
    public record Status(String state, boolean writer, long appliedSeq, String lastError, String failingSince,
                         int failedAttempts, long refusedPapers, List<Refusal> recentRefusals) {
        public boolean stalled() {
            return failingSince != null;
        }

        public boolean unreachable() {
            return state.equals(UNREACHABLE);
        }
    }

    static final String UNREACHABLE = "unreachable";

    /** A paper the index could not take as given at change {@code seq}, and what it did instead. */
    public record Refusal(String paper, long seq, String outcome, String reason, String at) {}

    private String lastError;
    private Instant failingSince;
    private int failedAttempts;
    private long refusedPapers;
    private final Deque<Refusal> recent = new ArrayDeque<>();

    /** Records a failed catch-up; returns how many have failed in a row. */
    synchronized int failed(RuntimeException e) {
        lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        return ++failedAttempts;
    }

    synchronized void caughtUp() {
        failingSince = null;
        failedAttempts = 0;
    }

    /** Another node writes the index now: this node's failures as its writer no longer stand. */
    synchronized void notWriting() {
        caughtUp();
    }

    synchronized void refused(SearchIndex.Refused refused, long seq) {
        refusedPapers++;
        if (recent.size() == RECENT_REFUSALS) {
            recent.removeFirst();
        }
        recent.addLast(new Refusal(refused.paper().value(), seq,
                refused.indexedWithoutVector() ? "indexed without its vector" : "left out of the index",
                refused.reason(), Instant.now().toString()));
    }

    synchronized Status status(long appliedSeq, boolean writer) {
        return new Status(failingSince == null ? "ok" : "stalled", writer, appliedSeq, lastError,
                failingSince == null ? null : failingSince.toString(), failedAttempts, refusedPapers, List.copyOf(recent));
    }

    /** The index could not be read: {@code e} says why. */
    synchronized Status unreachable(boolean writer, RuntimeException e) {
        return new Status(UNREACHABLE, writer, -1, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                failingSince == null ? null : failingSince.toString(), failedAttempts, refusedPapers, List.copyOf(recent));
    }
}
