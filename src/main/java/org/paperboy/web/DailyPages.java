package org.paperboy.web;

import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Categories;
import org.paperboy.catalog.ListedPaper;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
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
    private final AnnouncedFallback fallback;
    /** Whether the pages' subscribe form can work (the site sends mail). */
    private final boolean mailOn;
    private final Categories categories;
    private final AnonymousPages anonymousPages;

    DailyPages(Catalog catalog, Feed feed, PaperItems items, boolean mailOn, Categories categories,
               AnonymousPages anonymousPages) {
        this.catalog = catalog;
        this.feed = feed;
        this.items = items;
        this.fallback = new AnnouncedFallback(catalog, feed);
        this.mailOn = mailOn;
        this.categories = categories;
        this.anonymousPages = anonymousPages;
    }

    /**
     * {@code GET /daily?date=YYYY-MM-DD|week=YYYY-Www|month=YYYY-MM&sort=upvotes|published}: a day's feed (the latest
     * day by default) with what arXiv announced that day, or a week's or month's community picks; {@code cat=cs.CL}
     * keeps the papers of one category.
     */
    void page(Context ctx) {
        anonymousPages.render(ctx, "daily.jte", viewer -> model(ctx, viewer));
    }

    private Map<String, Object> model(Context ctx, Viewer viewer) {
        FeedPeriod period = period(ctx);
        FeedOrder order = "published".equals(ctx.queryParam("sort")) ? FeedOrder.PUBLISHED : FeedOrder.UPVOTES;
        String cat = category(ctx);
        List<FeedEntry> periodPicks = feed.page(period.from(), period.to(), null, order, 500, 0);
        List<DailyItem> picks = items.ofEntries(periodPicks.stream()
                .filter(e -> cat == null || catalog.find(e.submission().paperId())
                        .filter(p -> CategoryPages.in(p, cat)).isPresent()).toList(), viewer);
        boolean day = period.view().equals("day");
        // A week or month without picks shows what arXiv announced then, and says so (see AnnouncedFallback); the
        // fallback is not filtered by category, so a filtered week without picks says it has none.
        boolean fallBack = !day && picks.isEmpty() && cat == null;
        List<ListedPaper> dayAll = day ? catalog.listing(period.from()) : List.of();
        List<ListedPaper> dayList = dayAll.stream().filter(l -> cat == null || CategoryPages.in(l.paper(), cat)).toList();
        long total = day ? dayList.size() : fallBack ? fallback.countAnnounced(period.from(), period.to()) : 0;
        int page = Params.pageIndex(ctx, (int) Math.min(10_000, Math.max(0, (total - 1) / ANNOUNCED_PAGE_SIZE)));
        int from = page * ANNOUNCED_PAGE_SIZE;
        List<DailyItem> announced = day ? items.ofListing(
                dayList.subList(Math.min(from, dayList.size()), Math.min(from + ANNOUNCED_PAGE_SIZE, dayList.size())), viewer)
                : fallBack ? items.ofPapers(fallback.announced(period.from(), period.to(), ANNOUNCED_PAGE_SIZE, from), viewer)
                : List.of();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("period", period);
        model.put("picks", picks);
        model.put("announced", announced);
        model.put("announcedTotal", (int) total);
        model.put("fallback", fallBack ? AnnouncedFallback.note(period.view()) : null);
        model.put("page", page);
        model.put("pageSize", ANNOUNCED_PAGE_SIZE);
        model.put("hasNext", from + ANNOUNCED_PAGE_SIZE < total);
        model.put("sort", order == FeedOrder.PUBLISHED ? "published" : "upvotes");
        model.put("feed", "/feeds/daily.atom?date=" + period.from());
        model.put("mailOn", mailOn);
        model.put("cat", cat == null ? "" : cat);
        model.put("categories", offeredCategories(dayAll, periodPicks, cat));
        return model;
    }

    /**
     * The categories the filter offers: those of the period's papers (the day's announced papers and the picks), with
     * how many each has, rather than every category of the catalog, which would be a long list of mostly empty choices.
     */
    private List<Categories.Category> offeredCategories(List<ListedPaper> announced, List<FeedEntry> picks, String cat) {
        Map<String, Long> counts = new TreeMap<>();
        Set<PaperId> counted = new HashSet<>();
        Stream.concat(announced.stream().map(ListedPaper::paper),
                        picks.stream().flatMap(e -> catalog.find(e.submission().paperId()).stream()))
                .filter(paper -> counted.add(paper.id())) // a pick announced that day counts once
                .forEach(paper -> paper.categories().forEach(code -> counts.merge(code, 1L, Long::sum)));
        if (cat != null) {
            counts.putIfAbsent(cat, 0L);
        }
        return counts.entrySet().stream()
                .map(c -> new Categories.Category(c.getKey(), Categories.name(c.getKey()), c.getValue())).toList();
    }

    /** The category the page is filtered by ({@code cat}), none when not given; 404 for a code arXiv does not have. */
    private String category(Context ctx) {
        String cat = ctx.queryParam("cat");
        if (cat == null || cat.isBlank()) {
            return null;
        }
        return categories.find(cat.strip()).map(Categories.Category::code)
                .orElseThrow(() -> HttpError.notFound(CategoryPages.unknown(categories, cat.strip())));
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
        LocalDate day = Params.date(ctx, "date") != null ? range[0] : fallback.latestDay();
        String title = day.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + day;
        return new FeedPeriod("day", day, day, title, adjacentDay(day, true).map(d -> "/daily?date=" + d).orElse(null),
                adjacentDay(day, false).map(d -> "/daily?date=" + d).orElse(null));
    }

    /** The ISO week a day is in, as the {@code week} parameter spells it: 2025-W12. */
    static String isoWeek(LocalDate day) {
        int week = day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        return day.get(IsoFields.WEEK_BASED_YEAR) + (week < 10 ? "-W0" : "-W") + week;
    }

    /** The closest day before or after with announced papers or community picks. */
    private Optional<LocalDate> adjacentDay(LocalDate day, boolean before) {
        Optional<LocalDate> announced = catalog.adjacentAnnouncementDay(day, before);
        Optional<LocalDate> picked = feed.adjacentFeedDay(day, before);
        return before ? latest(announced, picked) : earliest(announced, picked);
    }

    private static Optional<LocalDate> latest(Optional<LocalDate> a, Optional<LocalDate> b) {
        return Stream.concat(a.stream(), b.stream()).max(LocalDate::compareTo);
    }

    private static Optional<LocalDate> earliest(Optional<LocalDate> a, Optional<LocalDate> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).min(LocalDate::compareTo);
    }

    /**
     * {@code GET /trending}: the last week's community picks by time-decayed score (see {@link FeedOrder#TRENDING});
     * without any, the papers of arXiv's last week of announcements, saying so.
     */
    void trending(Context ctx) {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        Viewer viewer = Auth.viewer(ctx);
        List<FeedEntry> entries = feed.page(today.minusDays(TRENDING_DAYS), today, null, FeedOrder.TRENDING, 50, 0);
        List<DailyItem> shown = items.ofEntries(entries, viewer);
        String note = null;
        Optional<LocalDate[]> days = entries.isEmpty() ? fallback.recentAnnouncedDays(TRENDING_DAYS) : Optional.empty();
        if (days.isPresent()) {
            shown = items.ofPapers(fallback.announced(days.get()[0], days.get()[1], 50, 0), viewer);
            note = AnnouncedFallback.trendingNote(days.get());
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("items", shown);
        model.put("fallback", note);
        model.put("feed", "/feeds/trending.atom");
        model.put("mailOn", mailOn);
        Pages.render(ctx, "trending.jte", model);
    }

    /**
     * {@code GET /api/daily_papers}: the community feed in the public daily-papers API's shape, so its clients work
     * by changing the base URL. {@code date}, {@code week} (YYYY-Www) or {@code month} (YYYY-MM) choose the days;
     * without them, the latest day with papers (as the daily page opens on), whose announced papers stand in for its
     * picks when it has none, and all days for a {@code submitter}. {@code sort} (publishedAt | trending), {@code p}
     * and {@code limit} as there.
     */
    void api(Context ctx) {
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
        LocalDate[] range = range(ctx);
        boolean latest = submitter == null && ctx.queryParam("date") == null && ctx.queryParam("week") == null
                && ctx.queryParam("month") == null;
        if (latest) {
            LocalDate day = fallback.latestDay();
            range = new LocalDate[] {day, day};
            if (feed.page(day, day, null, order, 1, 0).isEmpty()) {
                ctx.json(announcedEntries(day, limit, page * limit));
                return;
            }
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (FeedEntry entry : feed.page(range[0], range[1], submitter, order, limit, page * limit)) {
            catalog.find(entry.submission().paperId()).ifPresent(paper -> entries.add(apiEntry(paper, entry)));
        }
        ctx.json(entries);
    }

    /**
     * A day's announced papers as API entries, for a day without picks: the shape stays whole (clients read every
     * field), with arXiv as the submitter and the start of the listing day as the time.
     */
    private List<Map<String, Object>> announcedEntries(LocalDate day, int limit, int offset) {
        List<ListedPaper> listing = catalog.listing(day);
        List<DailyItem> shown = items.ofListing(listing.subList(Math.min(offset, listing.size()),
                Math.min(offset + limit, listing.size())), new Viewer(null, null, "/api/daily_papers"));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (DailyItem item : shown) {
            Map<String, Object> json = PaperPages.toJson(item.paper(), item.upvotes());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("paper", json);
            entry.put("title", json.get("title"));
            entry.put("summary", json.get("summary"));
            entry.put("publishedAt", json.get("publishedAt"));
            entry.put("submittedOnDailyAt", PaperPages.API_TIME.format(day.atStartOfDay(java.time.ZoneOffset.UTC)));
            Map<String, Object> by = new LinkedHashMap<>();
            by.put("user", "arxiv");
            by.put("fullname", "arXiv");
            by.put("avatarUrl", null);
            entry.put("submittedOnDailyBy", by);
            entry.put("numComments", 0);
            entries.add(entry);
        }
        return entries;
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
