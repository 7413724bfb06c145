package org.paperboy.community;

import java.time.Duration;
import java.time.Instant;

/** How a feed is ordered (in SQL: see {@link FeedQuery}). */
public enum FeedOrder {
    /** Most upvoted first; ties by earlier submission. */
    UPVOTES,
    /** Most recently published papers first; papers of unknown date last. */
    PUBLISHED,
    /**
     * Time-decayed community score, {@code upvotes / (hours since submission + 2)^1.5}: the gravity of Hacker News.
     * A paper needs ever more votes to stay on top as it ages, so a good new paper can overtake yesterday's favourite
     * within hours, while the +2 keeps a brand-new paper with one vote from outranking everything.
     */
    TRENDING;

    static final double GRAVITY = 1.5;

    /** A submission's trending score now, as the feed query computes it. */
    public static double trendingScore(FeedEntry entry, Instant now) {
        double hours = Math.max(0, Duration.between(entry.submission().submittedAt(), now).toMinutes() / 60.0);
        return entry.upvotes() / Math.pow(hours + 2, GRAVITY);
    }
}
