package org.paperboy.search;

import static org.paperboy.search.IndexDocuments.PUBLISHED;
import static org.paperboy.search.IndexDocuments.VECTOR;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;

/**
 * The ranked list a search pages through: BM25 keyword ranking, kNN semantic ranking, their {@link Fusion} for hybrid
 * search, and the orders by date.
 */
final class Ranker {

    private final KeywordQueries queries;
    private final Ranking ranking;

    Ranker(KeywordQueries queries, Ranking ranking) {
        this.queries = queries;
        this.ranking = ranking;
    }

    /** Documents in rank order with their scores, and how many matched in all. */
    record Ranked(List<ScoreDoc> docs, long total) {
        static final Ranked EMPTY = new Ranked(List.of(), 0);

        /**
         * The same documents newest first; equal days keep their relevance order, so the order is total and every
         * page of it is cut from the same list. The total is the pool's size: that is what is listed.
         */
        Ranked newestFirst(IndexSearcher searcher) throws IOException {
            Map<Integer, Long> days = new HashMap<>();
            for (ScoreDoc doc : docs) {
                days.put(doc.doc, IndexDocuments.publishedDay(searcher, doc.doc));
            }
            List<ScoreDoc> sorted = new ArrayList<>(docs);
            sorted.sort(Comparator.<ScoreDoc>comparingLong(d -> days.get(d.doc)).reversed());
            return new Ranked(sorted, sorted.size());
        }
    }

    /**
     * The ranked list that {@code request}'s page is cut from, under {@code mode} (already degraded when there is no
     * query vector); {@code wanted} is where the page ends. {@link LuceneSearchIndex#search} says which papers it holds.
     */
    Ranked rank(IndexSearcher searcher, SearchRequest request, UserQuery query, EffectiveMode effective, int wanted)
            throws IOException {
        SearchMode mode = effective.mode();
        float[] vector = effective.vector();
        Query filter = queries.filter(request, query);
        if (query.isEmpty() && mode != SearchMode.SEMANTIC) {
            return byDate(searcher, filter, wanted, request.categories().isEmpty() && request.from() == null
                    && request.to() == null && query.clauses().isEmpty());
        } else if (mode == SearchMode.KEYWORD && request.sort() == SearchRequest.Sort.DATE) {
            return newestMatchingEveryWord(searcher, query, filter, wanted);
        } else if (request.sort() == SearchRequest.Sort.DATE) {
            return relevant(searcher, mode, query, filter, vector, ranking.candidates()).newestFirst(searcher);
        } else {
            return relevant(searcher, mode, query, filter, vector, wanted);
        }
    }

    /** The {@code n} most relevant documents under {@code mode} (semantic without a vector finds nothing). */
    private Ranked relevant(IndexSearcher searcher, SearchMode mode, UserQuery query, Query filter, float[] vector, int n)
            throws IOException {
        Query keyword = queries.keywordQuery(query, filter, false);
        return switch (mode) {
            case KEYWORD -> keyword(searcher, keyword, n);
            case SEMANTIC -> new EffectiveMode(mode, vector).findsNothing() ? Ranked.EMPTY : semantic(searcher, vector, filter, n);
            case HYBRID -> {
                int candidates = Math.max(ranking.candidates(), n);
                yield fuse(keyword(searcher, keyword, candidates), semantic(searcher, vector, filter, candidates), n);
            }
        };
    }

    private Ranked keyword(IndexSearcher searcher, Query query, int n) throws IOException {
        TopDocs top = searcher.search(query, n);
        return new Ranked(List.of(top.scoreDocs), top.totalHits.value());
    }

    private Ranked newestMatchingEveryWord(IndexSearcher searcher, UserQuery query, Query filter, int n)
            throws IOException {
        TopDocs top = searcher.search(queries.keywordQuery(query, filter, true), n, byPublishedDesc(), true);
        return new Ranked(List.of(top.scoreDocs), top.totalHits.value());
    }

    private Ranked byDate(IndexSearcher searcher, Query filter, int n, boolean nothingAsked) throws IOException {
        if (nothingAsked) {
            return Ranked.EMPTY;
        }
        TopDocs top = searcher.search(filter, n, byPublishedDesc());
        return new Ranked(List.of(top.scoreDocs), top.totalHits.value());
    }

    private Ranked semantic(IndexSearcher searcher, float[] vector, Query filter, int n) throws IOException {
        TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, vector, n, filter), n);
        return new Ranked(List.of(top.scoreDocs), top.scoreDocs.length);
    }

    /** The hybrid ranking: both rankings merged by the index's {@link Fusion}. */
    private Ranked fuse(Ranked keyword, Ranked semantic, int n) {
        List<ScoreDoc> docs = ranking.fusion().fuse(scored(keyword), scored(semantic), n).stream()
                .map(s -> new ScoreDoc(s.id(), s.score()))
                .toList();
        return new Ranked(docs, Math.max(keyword.total(), docs.size()));
    }

    private static List<Fusion.Scored<Integer>> scored(Ranked ranked) {
        return ranked.docs().stream().map(d -> new Fusion.Scored<>(d.doc, d.score)).toList();
    }

    private static Sort byPublishedDesc() {
        SortField published = new SortField(PUBLISHED, SortField.Type.LONG, true);
        published.setMissingValue(Long.MIN_VALUE);
        return new Sort(published, SortField.FIELD_SCORE);
    }
}
