package org.paperboy.search;

/**
 * How results are ranked, by either engine; the defaults were tuned on SciFact's train queries
 * (docs/search-quality.md).
 *
 * @param titleBoost    weight of a title match on top of the title-and-abstract match
 * @param authorBoost   weight of an author-name match for words without a field
 * @param candidates    results each method contributes to hybrid fusion
 * @param fusion        how hybrid search merges the keyword and the semantic candidates
 * @param timeoutMillis a query's time budget; what was found by then is returned
 */
public record Ranking(float titleBoost, float authorBoost, int candidates, Fusion fusion, long timeoutMillis) {
    /** Hybrid: convex fusion of min-max normalised scores, its weight chosen by cross-validation. */
    public static final Ranking DEFAULT = new Ranking(0.5f, 1.0f, 100,
            new Fusion.Convex(0.6f, Fusion.Normalization.MIN_MAX), 2_000);
}
