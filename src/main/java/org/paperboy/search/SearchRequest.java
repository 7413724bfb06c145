package org.paperboy.search;

import java.time.LocalDate;
import java.util.Set;

/**
 * One search, as every front end (CLI, web, API) states it. The constructor clamps what users may send to bounds
 * the engine handles in bounded time.
 *
 * @param query      user syntax: words, "phrases", -excluded, ti: au: abs: cat: id: fields
 * @param categories only papers in one of these categories (empty: all)
 * @param from       only papers published on or after this day (null: no bound)
 * @param to         only papers published on or before this day (null: no bound)
 */
public record SearchRequest(String query, SearchMode mode, int limit, int offset, Set<String> categories,
                            LocalDate from, LocalDate to, Sort sort) {

    public static final int MAX_LIMIT = 200;
    public static final int MAX_OFFSET = 1_000;
    public static final int MAX_QUERY_CHARS = 1_000;

    public enum Sort { RELEVANCE, DATE }

    public SearchRequest {
        query = query == null ? "" : query.strip();
        if (query.length() > MAX_QUERY_CHARS) {
            query = query.substring(0, MAX_QUERY_CHARS);
        }
        mode = mode == null ? SearchMode.HYBRID : mode;
        limit = Math.clamp(limit, 1, MAX_LIMIT);
        offset = Math.clamp(offset, 0, MAX_OFFSET);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        sort = sort == null ? Sort.RELEVANCE : sort;
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("the date range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** The same search for other words. */
    public SearchRequest withQuery(String other) {
        return new SearchRequest(other, mode, limit, offset, categories, from, to, sort);
    }

    public static SearchRequest of(String query, SearchMode mode, int limit) {
        return new SearchRequest(query, mode, limit, 0, Set.of(), null, null, Sort.RELEVANCE);
    }
}
