package org.paperboy.mail.digest;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Locale;
import org.paperboy.subscription.Frequency;

/**
 * The days one digest covers: an announcement day, or the seven days of a week that end on {@code day}. Its
 * {@link #key} is the outbox's period, so that a second run for the same day queues nothing new.
 */
public record DigestPeriod(Frequency frequency, LocalDate day) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    public LocalDate from() {
        return frequency == Frequency.DAILY ? day : day.minusDays(6);
    }

    /** The day (2026-11-30) or the ISO week (2026-W49). */
    public String key() {
        if (frequency == Frequency.DAILY) {
            return day.toString();
        }
        int week = day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        return day.get(IsoFields.WEEK_BASED_YEAR) + (week < 10 ? "-W0" : "-W") + week;
    }

    /** The outbox's kind: {@code digest-daily} or {@code digest-weekly}. */
    public String kind() {
        return "digest-" + frequency.label();
    }

    /** "30 Nov 2026", or for a week "24–30 Nov 2026" / "28 Nov – 4 Dec 2026". */
    public String label() {
        if (frequency == Frequency.DAILY) {
            return DAY.format(day);
        }
        LocalDate from = from();
        if (from.getMonth() == day.getMonth()) {
            return from.getDayOfMonth() + "–" + DAY.format(day);
        }
        return (from.getYear() == day.getYear() ? DAY_MONTH.format(from) : DAY.format(from)) + " – " + DAY.format(day);
    }
}
