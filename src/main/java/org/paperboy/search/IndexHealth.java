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
     * The index's health. {@code state} is "ok", or "stalled" while catch-ups fail (each retried later, with
     * backoff); times are ISO-8601 instants.
     */
    public record Status(String state, long appliedSeq, String lastError, String failingSince, int failedAttempts,
                         long refusedPapers, List<Refusal> recentRefusals) {
        public boolean stalled() {
            return failingSince != null;
        }
    }

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

    synchronized void refused(SearchIndex.Refused refused, long seq) {
        refusedPapers++;
        if (recent.size() == RECENT_REFUSALS) {
            recent.removeFirst();
        }
        recent.addLast(new Refusal(refused.paper().value(), seq,
                refused.indexedWithoutVector() ? "indexed without its vector" : "left out of the index",
                refused.reason(), Instant.now().toString()));
    }

    synchronized Status status(long appliedSeq) {
        return new Status(failingSince == null ? "ok" : "stalled", appliedSeq, lastError,
                failingSince == null ? null : failingSince.toString(), failedAttempts, refusedPapers, List.copyOf(recent));
    }
}
