package org.paperboy.search;

import java.util.List;
import java.util.Optional;
import org.paperboy.catalog.PaperId;

/**
 * The search index: derived from the catalog, rebuildable from it at any time. It remembers the last catalog change
 * sequence it applied, durably and atomically with the documents, so after a crash it resumes from there.
 * Kept small so that a distributed engine can implement it too.
 */
public interface SearchIndex extends AutoCloseable {

    /**
     * Adds or replaces these papers and records {@code throughSeq} as applied, in one durable commit. A paper the
     * index cannot take as it is does not stop the others: it is indexed without its vector if the vector is what was
     * refused, or else left out (and any older version of it removed); either way it is returned with the reason.
     */
    List<Refused> apply(List<IndexedPaper> papers, long throughSeq);

    /** The last catalog change sequence applied (0 for a new index). */
    long appliedSeq();

    /** The epoch of the store the index was built from ({@link StoreLedger}); empty for a new index or an older one. */
    Optional<String> storeEpoch();

    /**
     * Runs a search. {@code queryVector} is the embedded query for semantic and hybrid modes, or null when no vector
     * is available (hybrid then degrades to keyword; semantic returns nothing).
     */
    SearchResults search(SearchRequest request, float[] queryVector);

    /**
     * The query with its misspelt words corrected from the index's vocabulary, or empty when it seems spelt right
     * (or the index cannot tell).
     */
    default Optional<Correction> correctSpelling(String query) {
        return Optional.empty();
    }

    /**
     * The text to embed for a query's semantic side: {@code text} itself, or with what the index knows added (the
     * Lucene index spells out the acronyms of a very short query, see {@link AcronymExpansion}).
     */
    default String semanticQuery(String text) {
        return text;
    }

    /** Papers nearest to {@code id} by vector, or by keyword more-like-this when it has no vector yet. */
    default List<SearchHit> similar(PaperId id, int limit) {
        return similar(List.of(id), limit);
    }

    /**
     * Papers nearest to these papers together (by the mean of their vectors, or by more-like-this over their text
     * when none has a vector yet), none of them among the answers.
     */
    List<SearchHit> similar(java.util.Collection<PaperId> seeds, int limit);

    /** The stored vector of a paper, if it has one. */
    Optional<float[]> vectorOf(PaperId id);

    /** Documents in the index, and how many of them carry a vector. */
    IndexStats stats();

    /**
     * Merges the index down to at most {@code maxSegments} segments and waits: searches then visit fewer, larger HNSW
     * graphs and posting lists. Worth it after a bulk load; costly on a large index (the graphs are rebuilt).
     */
    void forceMerge(int maxSegments);

    /** Removes every document and records that the index now follows the store of {@code storeEpoch} (for a rebuild). */
    void clear(String storeEpoch);

    /**
     * Whether another process writes this index, so that this one may only search it (the embedded index opened while
     * a server runs); an index no process owns (a cluster's) is never read-only.
     */
    default boolean readOnly() {
        return false;
    }

    /**
     * Whether every node of a cluster uses this one index (an OpenSearch cluster), so that one node writes it for all;
     * false for an index each process keeps for itself.
     */
    default boolean sharedByCluster() {
        return false;
    }

    /**
     * Says the index has applied every change the store had when asked: an index being rebuilt beside the one that
     * answers searches (OpenSearch's, under its alias) takes over now, in one step.
     */
    default void caughtUp() {}

    @Override
    void close();

    record IndexStats(long documents, long withVector) {}

    /**
     * A query's misspelt words corrected.
     *
     * @param corrected what to show and to embed: the query with each misspelt word replaced
     * @param searched  what to search by keyword: the corrected query, and the words that some papers do have as
     *                  written (a rare real word, or a typo the paper shares), so that those papers are still found
     */
    record Correction(String corrected, String searched) {}

    /** A paper the index could not take as given: indexed without its vector, or left out. */
    record Refused(PaperId paper, boolean indexedWithoutVector, String reason) {}
}
