package org.paperboy.mail;

import java.util.Map;

/**
 * What a delivery run did, counted by outcome.
 *
 * @param stoppedBecause why the run stopped before everything due was tried (the sender's settings refused, the
 *     server unreachable), in words with what to check; null when it was not stopped so
 */
public record DeliveryReport(Map<Outcome, Integer> counts, String stoppedBecause) {

    /** What became of one message. */
    public enum Outcome {
        SENT("sent"),
        RETRYING("retrying later"),
        FAILED("failed"),
        BLOCKED("blocked"),
        /** Taken as sent: its data reached the server, whose answer never came back (see {@link OutboxDelivery}). */
        UNCONFIRMED("unconfirmed"),
        /** Another run took it over: its claim had run out. */
        TAKEN_OVER("taken over by another run");

        public final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    public DeliveryReport {
        counts = Map.copyOf(counts);
    }

    public int count(Outcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    /** How many messages it dealt with. */
    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** "3 sent, 1 retrying later, 0 failed, 0 blocked, 0 unconfirmed" (runs taken over only when there were any). */
    public String summary() {
        StringBuilder summary = new StringBuilder();
        for (Outcome outcome : Outcome.values()) {
            if (outcome != Outcome.TAKEN_OVER || count(outcome) > 0) {
                summary.append(summary.isEmpty() ? "" : ", ").append(count(outcome)).append(' ').append(outcome.label);
            }
        }
        return summary.toString();
    }
}
