package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Categories;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Comments;
import org.paperboy.community.Votes;
import org.paperboy.search.Search;
import org.paperboy.search.SearchHit;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.SearchResults;

/** The search page, the search API, and similar papers. */
final class SearchPages {

    static final int PAGE_SIZE = 20;

    private final Catalog catalog;
    private final Votes votes;
    private final Comments comments;
    private final Supplier<Search> search;
    private final RateLimits rateLimits;
    private final int searchesPerMinute;
    private final boolean mailOn;
    private final Categories categories;

    /**
     * @param search gives the search service; the index opens on the first search, not at server start
     * @param searchesPerMinute what one client may search (page, API and feed together); 0 for no limit
     * @param mailOn whether the page's subscribe form can work (the site sends mail)
     */
    SearchPages(Catalog catalog, Votes votes, Comments comments, Supplier<Search> search,
                RateLimits rateLimits, int searchesPerMinute, boolean mailOn, Categories categories) {
        this.categories = categories;
        this.catalog = catalog;
        this.votes = votes;
        this.comments = comments;
        this.search = search;
        this.rateLimits = rateLimits;
        this.searchesPerMinute = searchesPerMinute;
        this.mailOn = mailOn;
    }

    void page(Context ctx) {
        int page = Params.pageIndex(ctx, SearchRequest.MAX_OFFSET / PAGE_SIZE);
        SearchRequest request = request(ctx, PAGE_SIZE, page * PAGE_SIZE);
        SearchResults results;
        String unknownCategory = unknownCategory(request);
        if ((request.query().isEmpty() && request.categories().isEmpty()) || unknownCategory != null) {
            results = SearchResults.none(request.mode());
        } else {
            throttle(ctx);
            results = search.get().search(request, spellingCorrected(ctx));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("reading", SearchReadingView.of(results.reading(), ctx.queryParamMap(), catalog));
        model.put("request", request);
        model.put("results", results);
        model.put("items", resolve(results.hits()));
        model.put("page", page);
        model.put("hasNext", results.hits().size() == PAGE_SIZE && (page + 1) * PAGE_SIZE < Math.max(results.totalHits(), PAGE_SIZE + 1));
        model.put("query", Optional.ofNullable(ctx.queryParam("q")).orElse(""));
        model.put("feed", ctx.queryString() == null ? null : "/feeds/search.atom?" + ctx.queryString());
        model.put("pageLink", pageLink(ctx));
        model.put("mailOn", mailOn);
        model.put("unknownCategory", unknownCategory == null ? null
                : Character.toUpperCase(unknownCategory.charAt(0)) + unknownCategory.substring(1));
        model.put("categories", categories.present());
        Pages.render(ctx, "search.jte", model);
    }

    /** {@code GET /api/papers/search?q=&limit=}: entries in the daily-papers API shape, ranked by hybrid search. */
    void api(Context ctx) {
        int limit = Params.integer(ctx, "limit", 50, 1, SearchRequest.MAX_LIMIT);
        int offset = Params.integer(ctx, "offset", 0, 0, SearchRequest.MAX_OFFSET);
        SearchRequest request = request(ctx, limit, offset);
        String unknownCategory = unknownCategory(request);
        if (unknownCategory != null) {
            throw HttpError.badRequest(unknownCategory);
        }
        throttle(ctx);
        SearchResults results = search.get().search(request, spellingCorrected(ctx));
        ctx.header("X-Search-Mode", results.modeUsed().label());
        if (results.reading().correctedQuery() != null) {
            // The entries keep the daily-papers API's shape; what was searched instead is said in a header.
            ctx.header("X-Search-Corrected-Query", Text.url(results.reading().correctedQuery()));
        }
        if (results.partial()) {
            // Entries keep the daily-papers API's array shape; that they may be incomplete is said in a header.
            ctx.header("X-Search-Partial", "true");
            if (results.hits().isEmpty()) {
                ctx.header("Retry-After", "1").status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error",
                        "the search ran out of time before it found anything; try again", "partial", true));
                return;
            }
        }
        List<SearchResultItem> found = resolve(results.hits());
        Map<PaperId, Integer> commentCounts = comments.commentCounts(found.stream().map(r -> r.paper().id()).toList());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (SearchResultItem result : found) {
            Map<String, Object> paper = PaperPages.toJson(result.paper(), result.upvotes());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("paper", paper);
            entry.put("title", paper.get("title"));
            entry.put("summary", paper.get("summary"));
            entry.put("publishedAt", paper.get("publishedAt"));
            entry.put("numComments", commentCounts.getOrDefault(result.paper().id(), 0));
            entry.put("score", result.hit().score());
            entry.put("highlightedTitle", result.hit().titleSnippet());
            entry.put("highlightedSummary", result.hit().abstractSnippet());
            entries.add(entry);
        }
        ctx.json(entries);
    }

    /** {@code GET /feeds/search.atom?q=…}: the newest 50 papers matching the search. */
    void atom(Context ctx, AtomFeeds feeds) {
        SearchRequest asked = request(ctx, 50, 0);
        throttle(ctx);
        feeds.search(ctx, new SearchRequest(asked.query(), asked.mode(), 50, 0, asked.categories(), asked.from(),
                asked.to(), SearchRequest.Sort.DATE));
    }

    /** {@code GET /api/papers/{id}/similar?limit=}. */
    void similarApi(Context ctx) {
        PaperId id = PaperId.tryParse(ctx.pathParam("id"))
                .orElseThrow(() -> HttpError.notFound("'" + Text.abbreviate(ctx.pathParam("id"), 80) + "' is not a paper id"));
        if (catalog.find(id).isEmpty()) {
            throw HttpError.notFound("paper " + id + " is not in the catalog");
        }
        int limit = Params.integer(ctx, "limit", 10, 1, 50);
        ctx.json(resolve(search.get().similar(id, limit)).stream()
                .map(r -> PaperPages.toJson(r.paper(), r.upvotes())).toList());
    }

    /** {@code spell=off} searches the words as written: the "search instead for" link of a corrected search. */
    private static boolean spellingCorrected(Context ctx) {
        return !"off".equals(ctx.queryParam(SearchReadingView.SPELL_PARAM));
    }

    /**
     * Why a category filter would find nothing because no such category exists ("no category 'robotics'; did you mean
     * cs.RO Robotics?"); null when every category asked for is one.
     */
    private String unknownCategory(SearchRequest request) {
        return request.categories().stream().filter(code -> categories.find(code).isEmpty()).sorted().findFirst()
                .map(code -> CategoryPages.unknown(categories, code)).orElse(null);
    }

    private void throttle(Context ctx) {
        // The server's own warm-up comes from loopback, the address that local clients share.
        if (searchesPerMinute > 0 && !PageWarmup.isWarmup(ctx)) {
            rateLimits.acquire(RateLimits.Action.SEARCH, ctx.ip(), searchesPerMinute);
        }
    }

    /** This search's URL without its page number, which the pager appends: the next page is the same search. */
    private static String pageLink(Context ctx) {
        StringBuilder link = new StringBuilder("/search?");
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("page")) {
                values.forEach(v -> link.append(Text.url(name)).append('=').append(Text.url(v)).append('&'));
            }
        });
        return link.append("page=").toString();
    }

    private SearchRequest request(Context ctx, int limit, int offset) {
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("");
        if (query.length() > SearchRequest.MAX_QUERY_CHARS) {
            throw HttpError.badRequest("the query is too long (at most " + SearchRequest.MAX_QUERY_CHARS + " characters)");
        }
        try {
            SearchMode mode = ctx.queryParam("mode") == null || ctx.queryParam("mode").isBlank()
                    ? SearchMode.HYBRID : SearchMode.parse(ctx.queryParam("mode"));
            SearchRequest.Sort sort = "date".equals(ctx.queryParam("sort")) ? SearchRequest.Sort.DATE : SearchRequest.Sort.RELEVANCE;
            List<String> categories = ctx.queryParams("cat").stream().flatMap(c -> java.util.Arrays.stream(c.split(",")))
                    .map(String::strip).filter(c -> !c.isBlank()).limit(20).toList();
            return new SearchRequest(query, mode, limit, offset, Set.copyOf(categories), Params.date(ctx, "from"), Params.date(ctx, "to"), sort);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** The hits' papers (hits whose paper has left the catalog are dropped) with their upvote counts. */
    private List<SearchResultItem> resolve(List<SearchHit> hits) {
        Map<PaperId, Integer> upvotes = votes.upvoteCounts(hits.stream().map(SearchHit::id).toList());
        List<SearchResultItem> results = new ArrayList<>();
        for (SearchHit hit : hits) {
            catalog.find(hit.id()).ifPresent(paper -> results.add(
                    new SearchResultItem(paper, hit, upvotes.getOrDefault(paper.id(), 0))));
        }
        return results;
    }
}
