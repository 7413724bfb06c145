package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperboy.config.Settings;

/** arXiv's announcement schedule in listing days: its table, daylight saving time, holidays, and real papers. */
class ArxivScheduleTest {

    private static final ArxivSchedule NO_HOLIDAYS = new ArxivSchedule(Set.of());
    /** The default arxiv.holidays: arXiv's list for 2026. */
    private static final ArxivSchedule HOLIDAYS_2026 = ArxivSchedule.of(Settings.defaults());

    /** The week of Monday 18 August 2025 (EDT, UTC-4), row by row of arXiv's table, at both ends of each window. */
    @ParameterizedTest(name = "submitted {0} ({1}) → listing {2}")
    @CsvSource({
            "2025-08-18T18:00:00Z, Mon 14:00,        2025-08-20",
            "2025-08-19T15:30:00Z, Tue 11:30,        2025-08-20",
            "2025-08-19T17:59:59Z, Tue 13:59:59,     2025-08-20",
            "2025-08-19T18:00:00Z, Tue 14:00,        2025-08-21",
            "2025-08-20T17:59:59Z, Wed 13:59:59,     2025-08-21",
            "2025-08-20T18:00:00Z, Wed 14:00,        2025-08-22",
            "2025-08-21T17:59:59Z, Thu 13:59:59,     2025-08-22",
            "2025-08-21T18:00:00Z, Thu 14:00,        2025-08-25",
            "2025-08-22T17:59:59Z, Fri 13:59:59,     2025-08-25",
            "2025-08-22T18:00:00Z, Fri 14:00,        2025-08-26",
            "2025-08-23T16:00:00Z, Sat 12:00,        2025-08-26",
            "2025-08-25T03:00:00Z, Sun 23:00,        2025-08-26",
            "2025-08-25T17:59:59Z, Mon 13:59:59,     2025-08-26",
    })
    void eachWindowOfTheTableGoesToTheListingAfterItsAnnouncement(Instant submitted, String eastern, LocalDate listing) {
        assertThat(NO_HOLIDAYS.earliestListingDay(submitted)).isEqualTo(listing);
    }

    /** The deadline is 14:00 Eastern in winter and in summer: 19:00 UTC before the change, 18:00 UTC after it. */
    @ParameterizedTest(name = "submitted {0} ({1}) → listing {2}")
    @CsvSource({
            // spring forward on Sunday 8 March 2026
            "2026-03-06T18:30:00Z, Fri 13:30 EST,    2026-03-09",
            "2026-03-06T19:00:00Z, Fri 14:00 EST,    2026-03-10",
            "2026-03-09T17:30:00Z, Mon 13:30 EDT,    2026-03-10",
            "2026-03-09T18:00:00Z, Mon 14:00 EDT,    2026-03-11",
            "2026-03-09T18:30:00Z, Mon 14:30 EDT,    2026-03-11",
            // fall back on Sunday 2 November 2025
            "2025-10-31T17:59:00Z, Fri 13:59 EDT,    2025-11-03",
            "2025-10-31T18:00:00Z, Fri 14:00 EDT,    2025-11-04",
            "2025-11-03T18:30:00Z, Mon 13:30 EST,    2025-11-04",
            "2025-11-03T19:00:00Z, Mon 14:00 EST,    2025-11-05",
    })
    void theDeadlineFollowsDaylightSavingTime(Instant submitted, String eastern, LocalDate listing) {
        assertThat(NO_HOLIDAYS.earliestListingDay(submitted)).isEqualTo(listing);
    }

    /** A holiday has no deadline: what came in goes to the next one, and the listing it would have made is not made. */
    @ParameterizedTest(name = "submitted {0} ({1}) → listing {2}")
    @CsvSource({
            // Thanksgiving, Thursday 26 November 2026: no announcement on Thursday, no listing on Friday
            "2026-11-24T19:00:00Z, Tue 14:00 before Thanksgiving,  2026-11-26",
            "2026-11-25T20:00:00Z, Wed 15:00 before Thanksgiving,  2026-11-30",
            // Martin Luther King Day, Monday 19 January 2026: no listing on Tuesday
            "2026-01-16T20:00:00Z, Fri 15:00 before MLK Day,       2026-01-21",
            // Independence Day observed, Friday 3 July 2026: no announcement on Sunday, no listing on Monday
            "2026-07-02T17:00:00Z, Thu 13:00 before 3 July,        2026-07-03",
            "2026-07-02T19:00:00Z, Thu 15:00 before 3 July,        2026-07-07",
            // the end of 2026: Friday 25, Tuesday 29 and Thursday 31 December; 2027's list is not configured
            "2026-12-24T20:00:00Z, Thu 15:00 before Christmas,     2026-12-29",
            "2026-12-28T20:00:00Z, Mon 15:00 before 29 December,   2026-12-31",
            "2026-12-30T20:00:00Z, Wed 15:00 before 31 December,   2027-01-04",
    })
    void aHolidayDefersToTheNextAnnouncement(Instant submitted, String eastern, LocalDate listing) {
        assertThat(HOLIDAYS_2026.earliestListingDay(submitted)).isEqualTo(listing);
    }

    @Test
    void listingDaysAreWeekdaysAfterAWeekdayThatHadItsDeadline() {
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2026-11-26"))).as("Thanksgiving's own listing").isTrue();
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2026-11-27"))).as("the day after Thanksgiving").isFalse();
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2026-01-20"))).as("after MLK Day").isFalse();
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2026-07-03"))).as("3 July: Thursday's deadline").isTrue();
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2026-07-06"))).as("after Friday 3 July").isFalse();
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2026-07-07"))).isTrue();
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2026-07-04"))).as("a Saturday").isFalse();
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2026-07-05"))).as("a Sunday").isFalse();
        assertThat(NO_HOLIDAYS.isListingDay(LocalDate.parse("2026-07-06"))).as("a Monday without holidays").isTrue();
    }

    /** The captured cs.AI feed: its entries are dated Wednesday 20 August 2025, and its feed rebuilt at midnight Eastern. */
    @Test
    void theCapturedFeedIsDatedWithAListingDay() {
        Instant published = OffsetDateTime.parse("2025-08-20T00:00:00-04:00").toInstant();
        Instant feedUpdated = Instant.parse("2025-08-20T04:00:19.866337Z");

        assertThat(ArxivSchedule.listingDayOfPublished(published)).isEqualTo(LocalDate.parse("2025-08-20"));
        assertThat(ArxivSchedule.listingDayOfPublished(feedUpdated)).isEqualTo(LocalDate.parse("2025-08-20"));
        assertThat(ArxivSchedule.listingDayOfPublished(Instant.parse("2025-08-20T03:59:59Z")))
                .as("still Tuesday in New York").isEqualTo(LocalDate.parse("2025-08-19"));
        assertThat(HOLIDAYS_2026.isListingDay(LocalDate.parse("2025-08-20"))).isTrue();
    }

    /**
     * Real papers from the captured search API answers (test resources arxiv/api-atom): their v1 submission times
     * ({@code <published>}) against what is known of their announcement.
     */
    @Test
    void realPapersFallInTheListingsTheirDatesAllow() {
        // Submitted 22 s before Thursday's deadline, and already in the API's answer stamped Friday 00:00 Eastern.
        assertThat(NO_HOLIDAYS.earliestListingDay(Instant.parse("2025-10-16T17:59:37Z"))).isEqualTo(LocalDate.parse("2025-10-17"));
        assertThat(NO_HOLIDAYS.earliestListingDay(Instant.parse("2025-10-16T16:04:01Z"))).isEqualTo(LocalDate.parse("2025-10-17"));
        // 1601.00001, submitted on Saturday 26 December 2015: its id says January 2016, after the holidays; without
        // them the schedule says Tuesday 29 December, a lower bound, as documented.
        LocalDate estimate = NO_HOLIDAYS.earliestListingDay(Instant.parse("2015-12-26T21:19:45Z"));
        assertThat(estimate).isEqualTo(LocalDate.parse("2015-12-29")).isBefore(LocalDate.parse("2016-01-01"));
    }
}
