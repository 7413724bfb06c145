package org.paperboy.search;

import java.util.List;

/**
 * A page of results. {@code modeUsed} differs from the mode asked for when the index had to degrade (hybrid or
 * semantic without a query vector); {@code totalHits} counts keyword matches (semantic search has no total).
 */
public record SearchResults(List<SearchHit> hits, long totalHits, SearchMode modeUsed, long tookMicros) {}
