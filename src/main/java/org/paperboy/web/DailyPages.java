package org.paperboy.web;

import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.ListedPaper;
import org.paperboy.catalog.Paper;
import org.paperboy.community.Feed;
import org.paperboy.community.FeedEntry;
import org.paperboy.community.FeedOrder;

/**
 * The daily feed: a day's community picks (the papers members submitted, by upvotes) and, beside them or instead of
 * them on a day without picks, everything arXiv announced that day. Also the public {@code /api/daily_papers}.
 */
final class DailyPages {

    /** A day's announced papers come this many to a page: a busy day has a hundred. */
    static final int ANNOUNCED_PAGE_SIZE = 20;

    /** How far back trending looks. */
    static final int TRENDING_DAYS = 7;


    private final Catalog catalog;
    private final Feed feed;
    private final PaperItems items;
    /** Whether the pages' subscribe form can work (the site sends mail). */
    private final boolean mailOn;

    DailyPages(Catalog catalog, Feed feed, PaperItems items, boolean mailOn) {
        this.catalog = catalog;
        this.feed = feed;
        this.items = items;
        this.mailOn = mailOn;
    }

    /**
     * {@code GET /daily?date=YYYY-MM-DD|week=YYYY-Www|month=YYYY-MM&sort=upvotes|published}: a day's feed (the latest
     * day by default) with what arXiv announced that day, or a week's or month's community picks.
     */
    void page(Context ctx) {
        Viewer viewer = Auth.viewer(ctx);
        FeedPeriod period = period(ctx);
        FeedOrder order = "published".equals(ctx.queryParam("sort")) ? FeedOrder.PUBLISHED : FeedOrder.UPVOTES;
        List<DailyItem> picks = items.ofEntries(feed.page(period.from(), period.to(), null, order, 500, 0), viewer);
        List<ListedPaper> dayList = period.view().equals("day") ? catalog.listing(period.from()) : List.of();
        int page = Params.pageIndex(ctx, Math.max(0, (dayList.size() - 1) / ANNOUNCED_PAGE_SIZE));
        int from = page * ANNOUNCED_PAGE_SIZE;
        List<DailyItem> announced = items.ofListing(
                dayList.subList(Math.min(from, dayList.size()), Math.min(from + ANNOUNCED_PAGE_SIZE, dayList.size())), viewer);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("period", period);
        model.put("picks", picks);
        model.put("announced", announced);
        model.put("announcedTotal", dayList.size());
        model.put("page", page);
        model.put("pageSize", ANNOUNCED_PAGE_SIZE);
        model.put("hasNext", from + ANNOUNCED_PAGE_SIZE < dayList.size());
        model.put("sort", order == FeedOrder.PUBLISHED ? "published" : "upvotes");
        model.put("feed", "/feeds/daily.atom?date=" + period.from());
        model.put("mailOn", mailOn);
        Pages.render(ctx, "daily.jte", model);
    }

    private FeedPeriod period(Context ctx) {
        LocalDate[] range = range(ctx);
        if (ctx.queryParam("week") != null) {
            LocalDate monday = range[0];
            String title = "Week " + monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + " of "
                    + monday.get(IsoFields.WEEK_BASED_YEAR);
            return new FeedPeriod("week", monday, range[1], title, "/daily?week=" + isoWeek(monday.minusWeeks(1)),
                    "/daily?week=" + isoWeek(monday.plusWeeks(1)));
        }
        if (ctx.queryParam("month") != null) {
            YearMonth month = YearMonth.from(range[0]);
            String title = month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
            return new FeedPeriod("month", range[0], range[1], title, "/daily?month=" + month.minusMonths(1),
                    "/daily?month=" + month.plusMonths(1));
        }
        LocalDate day = Params.date(ctx, "date") != null ? range[0] : latestDay();
        String title = day.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + day;
        return new FeedPeriod("day", day, day, title, adjacentDay(day, true).map(d -> "/daily?date=" + d).orElse(null),
                adjacentDay(day, false).map(d -> "/daily?date=" + d).orElse(null));
    }

    /** The ISO week a day is in, as the {@code week} parameter spells it: 2025-W12. */
    static String isoWeek(LocalDate day) {
        int week = day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        return day.get(IsoFields.WEEK_BASED_YEAR) + (week < 10 ? "-W0" : "-W") + week;
    }

    /** The newest day with something to show: announced papers, or (on a frozen corpus) today's picks. */
    private LocalDate latestDay() {
        LocalDate future = LocalDate.of(9999, 12, 31);
        return latest(catalog.latestAnnouncementDay(), feed.adjacentFeedDay(future, true))
                .orElse(LocalDate.now(java.time.ZoneOffset.UTC));
    }

    /** The closest day before or after with announced papers or community picks. */
    private Optional<LocalDate> adjacentDay(LocalDate day, boolean before) {
        Optional<LocalDate> announced = catalog.adjacentAnnouncementDay(day, before);
        Optional<LocalDate> picked = feed.adjacentFeedDay(day, before);
        return before ? latest(announced, picked) : earliest(announced, picked);
    }

    private static Optional<LocalDate> latest(Optional<LocalDate> a, Optional<LocalDate> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).max(LocalDate::compareTo);
    }

    private static Optional<LocalDate> earliest(Optional<LocalDate> a, Optional<LocalDate> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).min(LocalDate::compareTo);
    }

    /** {@code GET /trending}: the last week's community picks by time-decayed score (see {@link FeedOrder#TRENDING}). */
    void trending(Context ctx) {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        List<FeedEntry> entries = feed.page(today.minusDays(TRENDING_DAYS), today, null, FeedOrder.TRENDING, 50, 0);
        Pages.render(ctx, "trending.jte", Map.of("items", items.ofEntries(entries, Auth.viewer(ctx)),
                "feed", "/feeds/trending.atom", "mailOn", mailOn));
    }

    /**
     * {@code GET /api/daily_papers}: the community feed in the public daily-papers API's shape, so its clients work
     * by changing the base URL. {@code date}, {@code week} (YYYY-Www) or {@code month} (YYYY-MM) choose the days
     * (all days when none is given); {@code submitter}, {@code sort} (publishedAt | trending), {@code p} and
     * {@code limit} as there.
     */
    void api(Context ctx) {
        LocalDate[] range = range(ctx);
        String sort = Optional.ofNullable(ctx.queryParam("sort")).orElse("publishedAt");
        FeedOrder order = switch (sort) {
            case "publishedAt" -> FeedOrder.PUBLISHED;
            case "trending" -> FeedOrder.TRENDING;
            default -> throw HttpError.badRequest("sort must be publishedAt or trending");
        };
        int limit = Params.integer(ctx, "limit", 50, 1, 100);
        int page = Params.integer(ctx, "p", 0, 0, 10_000);
        String submitter = ctx.queryParam("submitter");
        if (submitter != null && (submitter.isBlank() || submitter.length() > 64)) {
            throw HttpError.badRequest("submitter must be a username");
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (FeedEntry entry : feed.page(range[0], range[1], submitter, order, limit, page * limit)) {
            catalog.find(entry.submission().paperId()).ifPresent(paper -> entries.add(apiEntry(paper, entry)));
        }
        ctx.json(entries);
    }

    static Map<String, Object> apiEntry(Paper paper, FeedEntry entry) {
        Map<String, Object> json = PaperPages.toJson(paper, entry.upvotes());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("paper", json);
        item.put("title", json.get("title"));
        item.put("summary", json.get("summary"));
        item.put("publishedAt", json.get("publishedAt"));
        item.put("submittedOnDailyAt", PaperPages.API_TIME.format(entry.submission().submittedAt()));
        Map<String, Object> by = new LinkedHashMap<>();
        by.put("user", entry.submitterUsername());
        by.put("fullname", entry.submitterName());
        by.put("avatarUrl", null);
        item.put("submittedOnDailyBy", by);
        item.put("numComments", entry.comments());
        return item;
    }

    /** The days a request asks for: one of date, week, month; everything when none. */
    private static LocalDate[] range(Context ctx) {
        int given = (ctx.queryParam("date") != null ? 1 : 0) + (ctx.queryParam("week") != null ? 1 : 0)
                + (ctx.queryParam("month") != null ? 1 : 0);
        if (given > 1) {
            throw HttpError.badRequest("give at most one of date, week and month");
        }
        LocalDate date = Params.date(ctx, "date");
        if (date != null) {
            return new LocalDate[] {date, date};
        }
        String week = ctx.queryParam("week");
        if (week != null) {
            try {
                LocalDate monday = Params.withinSupportedYears(LocalDate.parse(week + "-1", DateTimeFormatter.ISO_WEEK_DATE));
                return new LocalDate[] {monday, monday.plusDays(6)};
            } catch (DateTimeException e) {
                throw HttpError.badRequest("week must look like 2025-W12");
            }
        }
        String month = ctx.queryParam("month");
        if (month != null) {
            try {
                YearMonth ym = YearMonth.parse(month);
                return new LocalDate[] {Params.withinSupportedYears(ym.atDay(1)), ym.atEndOfMonth()};
            } catch (DateTimeException e) {
                throw HttpError.badRequest("month must look like 2025-03");
            }
        }
        return new LocalDate[] {LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)};
    }

}
