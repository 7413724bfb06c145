package org.paperboy.web;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.community.Feed;

/**
 * What the feed pages show when the community has picked nothing yet (a fresh install, a quiet week): the papers arXiv
 * announced in that period, with a line that says so, rather than an empty page. Also the day that the daily page and
 * the daily-papers API open on when no date is asked for.
 */
final class AnnouncedFallback {

    private static final LocalDate END_OF_TIME = LocalDate.of(9999, 12, 31);

    private final Catalog catalog;
    private final Feed feed;

    AnnouncedFallback(Catalog catalog, Feed feed) {
        this.catalog = catalog;
        this.feed = feed;
    }

    /**
     * The latest day with papers to show: the later of the last day arXiv announced papers and the last day with
     * community picks. A day's page lists both, so either makes it worth opening on; today counts only when it has one
     * of them. A frozen corpus (the demo's papers were announced months ago) would otherwise open on an empty today and
     * look like an empty site; a live one opens on today's picks, or on arXiv's latest listing before anyone picked.
     * Today is the answer only for a store that has neither.
     */
    LocalDate latestDay() {
        return Stream.concat(catalog.latestAnnouncementDay().stream(), feed.adjacentFeedDay(END_OF_TIME, true).stream())
                .max(LocalDate::compareTo).orElse(LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * The days trending falls back to when nothing was picked in its window: the last {@code days} days of arXiv
     * announcements (not after today), so that a frozen corpus shows its last week rather than nothing.
     */
    Optional<LocalDate[]> recentAnnouncedDays(int days) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return catalog.adjacentAnnouncementDay(today.plusDays(1), true)
                .map(last -> new LocalDate[] {last.minusDays(days - 1), last});
    }

    /** A page of the papers first announced between two days, newest first. */
    List<Paper> announced(LocalDate from, LocalDate to, int limit, int offset) {
        return catalog.announcedBetween(from, to, limit, offset);
    }

    long countAnnounced(LocalDate from, LocalDate to) {
        return catalog.countAnnouncedBetween(from, to);
    }

    /** The line a week's or month's page shows above the announced papers it falls back to. */
    static String note(String view) {
        return "No picks yet this " + view + " — showing the papers announced on arXiv.";
    }

    /** The line trending shows above the announced papers it falls back to. */
    static String trendingNote(LocalDate[] days) {
        return "No picks yet this week — showing the papers announced on arXiv from " + days[0] + " to " + days[1] + ".";
    }
}
