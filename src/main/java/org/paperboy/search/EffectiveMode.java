package org.paperboy.search;

/**
 * The mode a search actually runs in, the same for every engine: hybrid without a query vector degrades to keyword;
 * semantic without one stays semantic and finds nothing. A query with no words to embed (only filters, authors or
 * exclusions) has no vector, whatever the caller embedded.
 *
 * @param mode   the mode to run and to report
 * @param vector the query vector to search with, or null
 */
public record EffectiveMode(SearchMode mode, float[] vector) {

    public static EffectiveMode of(SearchMode asked, UserQuery query, float[] queryVector) {
        float[] vector = query.semanticText().isBlank() ? null : queryVector;
        SearchMode mode = asked == SearchMode.HYBRID && vector == null ? SearchMode.KEYWORD : asked;
        return new EffectiveMode(mode, mode == SearchMode.KEYWORD ? null : vector);
    }

    /** Semantic search without a vector: nothing to rank by. */
    public boolean findsNothing() {
        return mode == SearchMode.SEMANTIC && vector == null;
    }
}
