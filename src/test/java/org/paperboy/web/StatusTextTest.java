package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusTextTest {

    private static final Instant NOW = Instant.parse("2026-03-02T14:05:30Z");

    @Test
    void timesSayWhenAndHowLongAgoOrHowSoon() {
        assertThat(StatusText.when(NOW.minus(Duration.ofMinutes(185)), NOW)).isEqualTo("2026-03-02 11:00 UTC (3 h 5 min ago)");
        assertThat(StatusText.when(NOW.plusSeconds(40), NOW)).isEqualTo("2026-03-02 14:06 UTC (in 40 s)");
        assertThat(StatusText.when(null, NOW)).isEqualTo("never");
    }

    @Test
    void durationsShowTheirTwoLargestUnits() {
        assertThat(StatusText.took(NOW, NOW.plusSeconds(72))).isEqualTo("1 min 12 s");
        assertThat(StatusText.took(NOW, NOW.plus(Duration.ofMinutes(12)))).isEqualTo("12 min");
        assertThat(StatusText.took(NOW, NOW.plus(Duration.ofHours(52)))).isEqualTo("2 days 4 h");
        assertThat(StatusText.took(NOW, NOW.plus(Duration.ofHours(24)))).isEqualTo("1 day");
        assertThat(StatusText.took(NOW, null)).isEmpty();
    }
}
