package org.paperboy.web;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.community.Community;
import org.paperboy.community.FeedEntry;
import org.paperboy.community.FeedOrder;

/**
 * The daily feed: a day's community picks (the papers members submitted, by upvotes) and, beside them or instead of
 * them on a day without picks, everything arXiv announced that day. Also the public {@code /api/daily_papers}.
 */
final class DailyPages {

    /** How far back trending looks. */
    static final int TRENDING_DAYS = 7;


    private final Catalog catalog;
    private final Community community;

    DailyPages(Catalog catalog, Community community) {
        this.catalog = catalog;
        this.community = community;
    }

    /** {@code GET /daily?date=YYYY-MM-DD&sort=upvotes|published}: a day's feed, the latest day by default. */
    void page(Context ctx) {
        LocalDate day = Optional.ofNullable(Params.date(ctx, "date"))
                .or(catalog::latestAnnouncementDay).orElse(LocalDate.now(java.time.ZoneOffset.UTC));
        FeedOrder order = "published".equals(ctx.queryParam("sort")) ? FeedOrder.PUBLISHED : FeedOrder.UPVOTES;
        List<DailyItem> picks = new ArrayList<>();
        for (FeedEntry entry : community.feed(day, day, null, order, 200, 0)) {
            catalog.find(entry.submission().paperId()).ifPresent(paper -> picks.add(new DailyItem(paper, entry)));
        }
        List<DailyItem> announced = catalog.announcedOn(day).stream().map(p -> new DailyItem(p, null)).toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("day", day);
        model.put("picks", picks);
        model.put("announced", announced);
        model.put("previous", catalog.adjacentAnnouncementDay(day, true).orElse(null));
        model.put("next", catalog.adjacentAnnouncementDay(day, false).orElse(null));
        model.put("sort", order == FeedOrder.PUBLISHED ? "published" : "upvotes");
        model.put("feed", "/feeds/daily.atom?date=" + day);
        Utf8Pages.render(ctx, "daily.jte", model);
    }

    /** {@code GET /trending}: the last week's community picks by time-decayed score (see {@link FeedOrder#TRENDING}). */
    void trending(Context ctx) {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        List<DailyItem> items = new ArrayList<>();
        for (FeedEntry entry : community.feed(today.minusDays(TRENDING_DAYS), today, null, FeedOrder.TRENDING, 50, 0)) {
            catalog.find(entry.submission().paperId()).ifPresent(paper -> items.add(new DailyItem(paper, entry)));
        }
        ctx.render("trending.jte", Map.of("items", items, "feed", "/feeds/trending.atom"));
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
        for (FeedEntry entry : community.feed(range[0], range[1], submitter, order, limit, page * limit)) {
            catalog.find(entry.submission().paperId()).ifPresent(paper -> entries.add(apiEntry(paper, entry)));
        }
        ctx.json(entries);
    }

    private static Map<String, Object> apiEntry(Paper paper, FeedEntry entry) {
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
                LocalDate monday = LocalDate.parse(week + "-1", DateTimeFormatter.ISO_WEEK_DATE);
                return new LocalDate[] {monday, monday.plusDays(6)};
            } catch (DateTimeParseException e) {
                throw HttpError.badRequest("week must look like 2025-W12");
            }
        }
        String month = ctx.queryParam("month");
        if (month != null) {
            try {
                YearMonth ym = YearMonth.parse(month);
                return new LocalDate[] {ym.atDay(1), ym.atEndOfMonth()};
            } catch (DateTimeParseException e) {
                throw HttpError.badRequest("month must look like 2025-03");
            }
        }
        return new LocalDate[] {LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)};
    }

}
