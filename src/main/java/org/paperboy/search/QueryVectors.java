package org.paperboy.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.paperboy.embed.EmbeddingModel;

/**
 * The vectors of recent queries, so that a search asked again (its next page, a reload, the same words from another
 * reader) is not embedded again. Freshness: a query's vector depends only on the model and the text it embeds, so an
 * entry never goes stale; the key holds the model's name, and a model of another name never meets another's vectors.
 * One instance serves a whole server (see {@code Paperboy}); size 0 embeds every query.
 */
public final class QueryVectors {

    /** Remembers nothing: every query is embedded (commands that run each search once). */
    public static final int OFF = 0;

    private record Key(String model, String text) {}

    private final Cache<Key, float[]> vectors;

    /** @param maxQueries how many queries' vectors are kept at most (a 384-dimension vector is 1.5 kB); 0: none */
    public QueryVectors(int maxQueries) {
        if (maxQueries < 0) {
            throw new IllegalArgumentException("the query vector cache cannot hold " + maxQueries + " queries");
        }
        this.vectors = maxQueries == 0 ? null : Caffeine.newBuilder().maximumSize(maxQueries).build();
    }

    /** {@code model}'s vector of {@code text}: remembered, or embedded now. Each caller gets its own copy. */
    float[] of(EmbeddingModel model, String text) {
        if (vectors == null) {
            return model.embedQuery(text);
        }
        // Embedding outside the cache's lock: a failure is not remembered, and two threads may embed the same
        // new query once each rather than one waiting for the other.
        Key key = new Key(model.name(), text);
        float[] known = vectors.getIfPresent(key);
        if (known == null) {
            known = model.embedQuery(text);
            vectors.put(key, known.clone());
            return known;
        }
        return known.clone();
    }
}
