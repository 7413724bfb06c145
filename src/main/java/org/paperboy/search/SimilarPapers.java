package org.paperboy.search;

import static org.paperboy.search.IndexDocuments.ABSTRACT;
import static org.paperboy.search.IndexDocuments.ID;
import static org.paperboy.search.IndexDocuments.TEXT;
import static org.paperboy.search.IndexDocuments.TITLE;
import static org.paperboy.search.IndexDocuments.VECTOR;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.QueryTimeoutImpl;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;
import org.paperboy.catalog.PaperId;

/**
 * The papers nearest to a paper, or to a set of papers together (a reading list): by the mean of their stored vectors,
 * or by more-like-this over their text when none has a vector yet; never one of the papers themselves. Remembered for
 * as long as the searched reader stays the same.
 */
final class SimilarPapers {

    /** The papers whose text more-like-this reads, at most: their most telling terms are what it keeps anyway. */
    private static final int MAX_TEXT_SEEDS = 20;

    private final Analyzer analyzer;
    private final long timeoutMillis;
    private volatile Memo memo = new Memo(-1);

    SimilarPapers(Analyzer analyzer, long timeoutMillis) {
        this.analyzer = analyzer;
        this.timeoutMillis = timeoutMillis;
    }

    List<SearchHit> of(IndexSearcher shared, Collection<PaperId> seeds, int limit) throws IOException {
        SortedSet<String> ids = new TreeSet<>();
        seeds.forEach(id -> ids.add(id.value()));
        Memo memo = memoFor(shared);
        String key = limit + " " + String.join(",", ids);
        List<SearchHit> known = memo.hits().get(key);
        if (known != null) {
            return known;
        }
        IndexSearcher searcher = LuceneSearchIndex.timeLimited(shared, new QueryTimeoutImpl(timeoutMillis));
        List<Integer> docs = new ArrayList<>();
        for (String id : ids) {
            IndexDocuments.find(searcher, new PaperId(id)).ifPresent(docs::add);
        }
        if (docs.isEmpty()) {
            return List.of();
        }
        Query notThem = new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.FILTER)
                .add(new TermInSetQuery(ID, ids.stream().map(BytesRef::new).toList()), Occur.MUST_NOT)
                .build();
        Optional<float[]> vector = meanVector(searcher, docs);
        TopDocs similar;
        if (vector.isPresent()) {
            similar = searcher.search(new KnnFloatVectorQuery(VECTOR, vector.get(), limit, notThem), limit);
        } else {
            similar = searcher.search(moreLikeThis(searcher, docs, notThem), limit);
        }
        List<SearchHit> hits = new ArrayList<>();
        for (ScoreDoc hit : similar.scoreDocs) {
            hits.add(new SearchHit(IndexDocuments.idOf(searcher, hit.doc), hit.score, null, null));
        }
        if (!searcher.timedOut()) {
            memo.remember(key, List.copyOf(hits));
        }
        return hits;
    }

    /** The mean of the documents' vectors ({@link MeanVector}); empty when none has a vector. */
    private static Optional<float[]> meanVector(IndexSearcher searcher, List<Integer> docs) throws IOException {
        List<float[]> vectors = new java.util.ArrayList<>();
        for (int doc : docs) {
            IndexDocuments.vectorOf(searcher, doc).ifPresent(vectors::add);
        }
        return MeanVector.of(vectors);
    }

    private Query moreLikeThis(IndexSearcher searcher, List<Integer> docs, Query notThem) throws IOException {
        MoreLikeThis mlt = new MoreLikeThis(searcher.getIndexReader());
        mlt.setAnalyzer(analyzer);
        mlt.setFieldNames(new String[] {TEXT});
        mlt.setMinTermFreq(1);
        mlt.setMinDocFreq(2);
        mlt.setMaxQueryTerms(30);
        StringBuilder text = new StringBuilder();
        for (int doc : docs.subList(0, Math.min(MAX_TEXT_SEEDS, docs.size()))) {
            Document stored = searcher.storedFields().document(doc);
            text.append(stored.get(TITLE)).append('\n').append(stored.get(ABSTRACT)).append('\n');
        }
        Query like = mlt.like(TEXT, new StringReader(text.toString()));
        return new BooleanQuery.Builder().add(like, Occur.MUST).add(notThem, Occur.FILTER).build();
    }

    private Memo memoFor(IndexSearcher searcher) {
        long version = searcher.getIndexReader() instanceof DirectoryReader reader ? reader.getVersion() : -1;
        Memo current = memo;
        if (current.readerVersion() != version || version < 0) {
            current = new Memo(version);
            memo = current;
        }
        return current;
    }

    /**
     * Similar papers are a function of the index contents alone (a paper's stored vector, or its terms, and the other
     * documents), so they are remembered for as long as the searched reader stays the same: the memo is keyed by the
     * reader's version, which changes with every commit the searchers pick up. A paper page then costs no HNSW search
     * after its first view, and nothing it shows can be older than the index it would otherwise have searched.
     */
    private record Memo(long readerVersion, ConcurrentHashMap<String, List<SearchHit>> hits) {
        /** Bounds the memo's memory (about 1 kB an entry); it starts over when full, and on every index change. */
        static final int MAX_ENTRIES = 20_000;

        Memo(long readerVersion) {
            this(readerVersion, new ConcurrentHashMap<>());
        }

        void remember(String key, List<SearchHit> value) {
            if (hits.size() >= MAX_ENTRIES) {
                hits.clear();
            }
            hits.put(key, value);
        }
    }
}
