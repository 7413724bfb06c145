package org.paperboy.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations on the admin page, as people read them: "2026-03-02 14:05 UTC (3 h ago)", "1 min 12 s". */
public final class StatusText {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private StatusText() {}

    /** "2026-03-02 14:05 UTC". */
    public static String at(Instant at) {
        return MINUTE.format(at);
    }

    /** The time and how long ago (or how soon) it is from {@code now}; "never" for null. */
    public static String when(Instant at, Instant now) {
        if (at == null) {
            return "never";
        }
        Duration between = Duration.between(at, now);
        String relative = between.isNegative() ? "in " + span(between.negated()) : span(between) + " ago";
        return at(at) + " (" + relative + ")";
    }

    /** How long from {@code start} to {@code end}; empty when either is unknown. */
    public static String took(Instant start, Instant end) {
        return start == null || end == null ? "" : span(Duration.between(start, end));
    }

    /** "40 s", "12 min", "1 min 12 s", "3 h 5 min", "2 days 4 h": the two largest units. */
    static String span(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return join(seconds / 60, "min", seconds % 60, "s");
        }
        if (seconds < 86_400) {
            return join(seconds / 3600, "h", seconds % 3600 / 60, "min");
        }
        long days = seconds / 86_400;
        return join(days, days == 1 ? "day" : "days", seconds % 86_400 / 3600, "h");
    }

    private static String join(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + " " + majorUnit : major + " " + majorUnit + " " + minor + " " + minorUnit;
    }
}
