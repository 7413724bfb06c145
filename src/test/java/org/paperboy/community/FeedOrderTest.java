package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.PaperId;

class FeedOrderTest {

    private static final Instant NOW = Instant.parse("2025-03-20T12:00:00Z");

    @Test
    void trendingScoreDecaysWithAgeSoAFreshPaperCanOvertakeAnOldFavourite() {
        FeedEntry favourite = entry(Duration.ofHours(48), 40);
        FeedEntry fresh = entry(Duration.ofHours(3), 10);
        // 40 / 50^1.5 ≈ 0.113; 10 / 5^1.5 ≈ 0.894
        assertThat(FeedOrder.trendingScore(favourite, NOW)).isCloseTo(0.1131, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(FeedOrder.trendingScore(fresh, NOW)).isCloseTo(0.8944, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(FeedOrder.trendingScore(entry(Duration.ZERO, 0), NOW)).isZero();
    }

    private static FeedEntry entry(Duration age, int upvotes) {
        return new FeedEntry(new Submission(1, new PaperId("2503.11731"), LocalDate.of(2025, 3, 18), 1, NOW.minus(age)),
                "ada", "Ada", upvotes, 0, null);
    }
}
