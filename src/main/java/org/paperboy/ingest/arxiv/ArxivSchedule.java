package org.paperboy.ingest.arxiv;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.paperboy.config.Settings;

/**
 * arXiv's announcement schedule (help/availability), in listing days: the date arXiv gives a listing, the day after
 * the evening it is announced.
 *
 * <pre>
 * submissions received (US Eastern)   announced     listing day
 * Mon 14:00 – Tue 14:00               Tue 20:00     Wednesday
 * Tue 14:00 – Wed 14:00               Wed 20:00     Thursday
 * Wed 14:00 – Thu 14:00               Thu 20:00     Friday
 * Thu 14:00 – Fri 14:00               Sun 20:00     Monday
 * Fri 14:00 – Mon 14:00               Mon 20:00     Tuesday
 * </pre>
 *
 * That is: each weekday has a deadline at 14:00 Eastern (daylight saving time included), and what came before it is
 * in the listing dated the next weekday. A holiday ({@code arxiv.holidays}, arXiv's published list) has no deadline:
 * what came in is carried to the next one, and the listing that deadline would have made is not published. So a
 * holiday on Thursday (Thanksgiving) means no listing on Friday; on Monday, none on Tuesday; on Friday, no announcement
 * on Sunday and no listing on Monday (as arXiv did around 4 July 2025 and 19 June 2026).
 *
 * <p>A day computed this way is a lower bound: moderation holds papers for days, and arXiv defers mailings ad hoc.
 */
public final class ArxivSchedule {

    public static final ZoneId EASTERN = ZoneId.of("America/New_York");
    static final LocalTime DEADLINE = LocalTime.of(14, 0);

    private final Set<LocalDate> holidays;

    public ArxivSchedule(Set<LocalDate> holidays) {
        this.holidays = Set.copyOf(holidays);
    }

    /** The schedule with the site's {@code arxiv.holidays}. */
    public static ArxivSchedule of(Settings settings) {
        return new ArxivSchedule(settings.arxivHolidays());
    }

    /** The first listing a version submitted at {@code submitted} can be in (a deadline at 14:00 sharp is missed). */
    public LocalDate earliestListingDay(Instant submitted) {
        ZonedDateTime eastern = submitted.atZone(EASTERN);
        LocalDate deadline = eastern.toLocalTime().isBefore(DEADLINE) ? eastern.toLocalDate()
                : eastern.toLocalDate().plusDays(1);
        while (!hasDeadline(deadline)) {
            deadline = deadline.plusDays(1);
        }
        return nextWeekday(deadline);
    }

    /** Whether arXiv publishes a listing dated {@code day}: a weekday after a weekday that had its deadline. */
    public boolean isListingDay(LocalDate day) {
        return isWeekday(day) && hasDeadline(previousWeekday(day));
    }

    /**
     * The listing day an announcement feed's {@code <published>} names: its date in US Eastern time. arXiv stamps a
     * listing with midnight Eastern of its day ({@code 2025-08-20T00:00:00-04:00} for the listing announced on
     * Tuesday 19 August at 20:00).
     */
    public static LocalDate listingDayOfPublished(Instant published) {
        return published.atZone(EASTERN).toLocalDate();
    }

    private boolean hasDeadline(LocalDate day) {
        return isWeekday(day) && !holidays.contains(day);
    }

    private static boolean isWeekday(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    private static LocalDate nextWeekday(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isWeekday(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    private static LocalDate previousWeekday(LocalDate day) {
        LocalDate previous = day.minusDays(1);
        while (!isWeekday(previous)) {
            previous = previous.minusDays(1);
        }
        return previous;
    }
}
