package org.paperboy.search;

import java.util.List;

/**
 * A page of results. {@code modeUsed} differs from the mode asked for when the index had to degrade (hybrid or
 * semantic without a query vector); {@code totalHits} counts keyword matches (semantic search has no total, and a
 * search sorted by date lists its pool of most relevant papers); {@code partial} says the search ran out of its time
 * budget, so the hits are what it had found by then, possibly none of the best (or none at all); {@code reading} says
 * what the query was taken to be (a pasted identifier, an author's name, a corrected spelling).
 */
public record SearchResults(List<SearchHit> hits, long totalHits, SearchMode modeUsed, long tookMicros,
                            boolean partial, QueryReading reading) {

    public SearchResults {
        reading = reading == null ? QueryReading.LITERAL : reading;
    }

    /** Results of a query searched as written. */
    public SearchResults(List<SearchHit> hits, long totalHits, SearchMode modeUsed, long tookMicros, boolean partial) {
        this(hits, totalHits, modeUsed, tookMicros, partial, QueryReading.LITERAL);
    }

    /** No search at all: nothing was asked. */
    public static SearchResults none(SearchMode mode) {
        return new SearchResults(List.of(), 0, mode, 0, false);
    }

    SearchResults withReading(QueryReading reading) {
        return new SearchResults(hits, totalHits, modeUsed, tookMicros, partial, reading);
    }
}
