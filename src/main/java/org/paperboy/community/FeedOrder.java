package org.paperboy.community;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/** How a feed is ordered. */
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

    Comparator<FeedEntry> comparator(Instant now) {
        Comparator<FeedEntry> bySubmission = Comparator.comparing(e -> e.submission().submittedAt());
        return switch (this) {
            case UPVOTES -> Comparator.comparingInt(FeedEntry::upvotes).reversed().thenComparing(bySubmission);
            case PUBLISHED -> Comparator.comparing(FeedEntry::paperPublished,
                    Comparator.nullsFirst(Comparator.<java.time.LocalDate>naturalOrder())).reversed().thenComparing(bySubmission.reversed());
            case TRENDING -> Comparator.comparingDouble((FeedEntry e) -> trendingScore(e, now)).reversed()
                    .thenComparing(bySubmission.reversed());
        };
    }

    public static double trendingScore(FeedEntry entry, Instant now) {
        double hours = Math.max(0, Duration.between(entry.submission().submittedAt(), now).toMinutes() / 60.0);
        return entry.upvotes() / Math.pow(hours + 2, GRAVITY);
    }
}
