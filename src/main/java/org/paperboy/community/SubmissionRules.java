package org.paperboy.community;

/**
 * What may be submitted to the daily feed: papers at most {@code maxAgeDays} old (0: any age), and at most
 * {@code dailyLimit} submissions per member per day (UTC).
 */
public record SubmissionRules(int maxAgeDays, int dailyLimit) {

    public static final SubmissionRules DEFAULT = new SubmissionRules(14, 10);

    public SubmissionRules {
        if (maxAgeDays < 0 || dailyLimit < 1) {
            throw new IllegalArgumentException("maxAgeDays must be >= 0 and dailyLimit >= 1");
        }
    }
}
