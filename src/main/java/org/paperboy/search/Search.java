package org.paperboy.search;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.paperboy.catalog.PaperId;
import org.paperboy.embed.EmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search as the front ends use it: embeds the query when the mode needs meaning, then asks the index. Without an
 * embedding model (or when embedding fails) hybrid search degrades to keyword search instead of failing.
 */
public final class Search {

    private static final Logger log = LoggerFactory.getLogger(Search.class);

    private final SearchIndex index;
    private final Supplier<EmbeddingModel> model;
    private final QueryVectors queryVectors;

    /** @param model the model that embedded the corpus, or null for keyword search only */
    public Search(SearchIndex index, EmbeddingModel model) {
        this(index, () -> model, new QueryVectors(QueryVectors.OFF));
    }

    /**
     * @param model        supplies the model that embedded the corpus, or null while there is none (a server that is
     *                     still loading it answers by keyword meanwhile)
     * @param queryVectors the vectors of recent queries, shared by every search of a server
     */
    public Search(SearchIndex index, Supplier<EmbeddingModel> model, QueryVectors queryVectors) {
        this.index = index;
        this.model = model;
        this.queryVectors = queryVectors;
    }

    /** The search, its misspelt words corrected (the results say so). */
    public SearchResults search(SearchRequest request) {
        return search(request, true);
    }

    /**
     * @param correctSpelling whether a query whose words the catalog lacks is searched with the words it probably
     *                        meant; off when the user asked for their words as written
     */
    public SearchResults search(SearchRequest request, boolean correctSpelling) {
        Optional<SearchIndex.Correction> correction = correctSpelling && PastedIdentifier.of(request.query()).isEmpty()
                ? index.correctSpelling(request.query()) : Optional.empty();
        if (correction.isEmpty()) {
            return index.search(request, queryVector(request));
        }
        String corrected = correction.get().corrected();
        SearchResults results = index.search(request.withQuery(correction.get().searched()),
                queryVector(request.withQuery(corrected)));
        return results.withReading(results.reading().corrected(corrected));
    }

    public List<SearchHit> similar(PaperId id, int limit) {
        return index.similar(id, Math.clamp(limit, 1, SearchRequest.MAX_LIMIT));
    }

    /** Papers like these together (a reading list's "more like this"), none of them. */
    public List<SearchHit> similar(java.util.Collection<PaperId> seeds, int limit) {
        return index.similar(seeds, Math.clamp(limit, 1, SearchRequest.MAX_LIMIT));
    }

    public SearchIndex index() {
        return index;
    }

    private float[] queryVector(SearchRequest request) {
        EmbeddingModel model = this.model.get();
        if (request.mode() == SearchMode.KEYWORD || model == null) {
            return null;
        }
        String text = UserQuery.parse(request.query()).semanticText();
        if (text.isBlank()) {
            return null;
        }
        try {
            return queryVectors.of(model, index.semanticQuery(text));
        } catch (RuntimeException e) {
            log.warn("cannot embed the query; answering by keyword: {}", e.getMessage());
            return null;
        }
    }
}
