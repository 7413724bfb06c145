package org.paperboy.eval;

import java.util.List;
import org.paperboy.search.SearchMode;

/**
 * What an evaluation needs of a search engine, and nothing more: a query's text in, the ids of the best documents out.
 * Keeps {@link Evaluation} independent of how (and whether) an index is built.
 */
@FunctionalInterface
public interface Retriever {

    /**
     * The ids of at most {@code k} documents for a query, best first, in the corpus's own ids (a BEIR {@code _id}, not
     * the catalog's {@code beir:} id). Documents scored equally are ranked in the order returned.
     */
    List<String> retrieve(String query, SearchMode mode, int k);
}
