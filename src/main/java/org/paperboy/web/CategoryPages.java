package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Categories;
import org.paperboy.catalog.Categories.Category;
import org.paperboy.catalog.ListedPaper;
import org.paperboy.catalog.Paper;
import org.paperboy.community.Feed;
import org.paperboy.community.FeedEntry;
import org.paperboy.community.FeedOrder;

/**
 * Category pages ({@code /categories/cs.CL}): the category's name, what arXiv announced in it on a day (the latest by
 * default), and the community's picks in it of the week up to that day; with an Atom feed of its newest papers.
 */
final class CategoryPages {

    static final int PAGE_SIZE = 20;
    /** The picks shown are the category's of this many days, up to the day shown: a single day has few. */
    static final int PICK_DAYS = 7;
    /** The feed holds the newest papers announced in the category over at most this many announcement days. */
    static final int FEED_DAYS = 5;
    static final int FEED_ENTRIES = 100;

    private final Catalog catalog;
    private final Feed feed;
    private final Categories categories;
    private final PaperItems items;

    CategoryPages(Catalog catalog, Feed feed, Categories categories, PaperItems items) {
        this.catalog = catalog;
        this.feed = feed;
        this.categories = categories;
        this.items = items;
    }

    /** {@code GET /categories/{code}?date=YYYY-MM-DD&page=N}. */
    void page(Context ctx) {
        Category category = category(ctx.pathParam("code"));
        if (!category.code().equals(ctx.pathParam("code"))) {
            ctx.redirect(Links.category(category.code()) + (ctx.queryString() == null ? "" : "?" + ctx.queryString()),
                    HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        LocalDate day = Params.date(ctx, "date") != null ? Params.date(ctx, "date")
                : catalog.latestAnnouncementDay().orElse(LocalDate.now(ZoneOffset.UTC));
        List<ListedPaper> listed = catalog.listing(day).stream().filter(l -> in(l.paper(), category.code())).toList();
        int page = Params.integer(ctx, "page", 0, 0, Math.max(0, (listed.size() - 1) / PAGE_SIZE));
        int from = page * PAGE_SIZE;
        Viewer viewer = Auth.viewer(ctx);
        String here = Links.category(category.code());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("category", category);
        model.put("day", day);
        model.put("previous", catalog.adjacentAnnouncementDay(day, true).map(d -> here + "?date=" + d).orElse(null));
        model.put("next", catalog.adjacentAnnouncementDay(day, false).map(d -> here + "?date=" + d).orElse(null));
        model.put("picks", items.ofEntries(picks(category.code(), day), viewer));
        model.put("pickDays", PICK_DAYS);
        model.put("announced", items.ofListing(listed.subList(Math.min(from, listed.size()),
                Math.min(from + PAGE_SIZE, listed.size())), viewer));
        model.put("announcedTotal", listed.size());
        model.put("page", page);
        model.put("pageSize", PAGE_SIZE);
        model.put("hasNext", from + PAGE_SIZE < listed.size());
        model.put("feed", here + "/feed.atom");
        Pages.render(ctx, "category.jte", model);
    }

    /** {@code GET /categories/{code}/feed.atom}: new submissions and cross-lists of the latest announcement days. */
    void feed(Context ctx, AtomFeeds feeds) {
        Category category = category(ctx.pathParam("code"));
        List<Paper> papers = new ArrayList<>();
        LocalDate day = catalog.latestAnnouncementDay().orElse(null);
        for (int days = 0; day != null && days < FEED_DAYS && papers.size() < FEED_ENTRIES; days++) {
            for (ListedPaper listed : catalog.listing(day)) {
                boolean fresh = listed.type() == AnnounceType.NEW || listed.type() == AnnounceType.CROSS;
                if (fresh && in(listed.paper(), category.code()) && papers.size() < FEED_ENTRIES) {
                    papers.add(listed.paper());
                }
            }
            day = catalog.adjacentAnnouncementDay(day, true).orElse(null);
        }
        feeds.papers(ctx, "Paperboy: new in " + category.label(), Links.category(category.code()), papers);
    }

    /** The category of a code in any case; 404 naming what may have been meant. */
    Category category(String code) {
        return categories.find(code).orElseThrow(() -> HttpError.notFound(unknown(categories, code)));
    }

    /** "no category 'robotics'; did you mean cs.RO Robotics?" */
    static String unknown(Categories categories, String code) {
        String asked = Text.abbreviate(code, 60);
        List<Category> meant = categories.suggestions(code, 3);
        return "no category '" + asked + "'" + (meant.isEmpty() ? "; arXiv's categories look like cs.CL or math.PR"
                : "; did you mean " + meant.stream().map(Category::label).collect(Collectors.joining(" or ")) + "?");
    }

    /** The picks of the days up to {@code day} whose paper is in the category, most upvoted first. */
    private List<FeedEntry> picks(String code, LocalDate day) {
        return feed.page(day.minusDays(PICK_DAYS - 1), day, null, FeedOrder.UPVOTES, 500, 0).stream()
                .filter(entry -> catalog.find(entry.submission().paperId()).filter(p -> in(p, code)).isPresent())
                .limit(50).toList();
    }

    static boolean in(Paper paper, String code) {
        return paper.categories().contains(code);
    }
}
