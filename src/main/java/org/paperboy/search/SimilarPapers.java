package org.paperboy.search;

import static org.paperboy.search.IndexDocuments.ABSTRACT;
import static org.paperboy.search.IndexDocuments.ID;
import static org.paperboy.search.IndexDocuments.TEXT;
import static org.paperboy.search.IndexDocuments.TITLE;
import static org.paperboy.search.IndexDocuments.VECTOR;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.QueryTimeoutImpl;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.paperboy.catalog.PaperId;

/**
 * The papers nearest to a paper: by its stored vector, or by more-like-this over its text when it has none yet.
 * Remembered for as long as the searched reader stays the same.
 */
final class SimilarPapers {

    private final Analyzer analyzer;
    private final long timeoutMillis;
    private volatile Memo memo = new Memo(-1);

    SimilarPapers(Analyzer analyzer, long timeoutMillis) {
        this.analyzer = analyzer;
        this.timeoutMillis = timeoutMillis;
    }

    List<SearchHit> of(IndexSearcher shared, PaperId id, int limit) throws IOException {
        Memo memo = memoFor(shared);
        String key = limit + " " + id.value();
        List<SearchHit> known = memo.hits().get(key);
        if (known != null) {
            return known;
        }
        IndexSearcher searcher = LuceneSearchIndex.timeLimited(shared, new QueryTimeoutImpl(timeoutMillis));
        OptionalInt own = IndexDocuments.find(searcher, id);
        if (own.isEmpty()) {
            return List.of();
        }
        int doc = own.getAsInt();
        Query notItself = new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.FILTER)
                .add(new TermQuery(new Term(ID, id.value())), Occur.MUST_NOT)
                .build();
        Optional<float[]> vector = IndexDocuments.vectorOf(searcher, doc);
        TopDocs similar;
        if (vector.isPresent()) {
            similar = searcher.search(new KnnFloatVectorQuery(VECTOR, vector.get(), limit, notItself), limit);
        } else {
            similar = searcher.search(moreLikeThis(searcher, doc, notItself), limit);
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

    private Query moreLikeThis(IndexSearcher searcher, int doc, Query notItself) throws IOException {
        MoreLikeThis mlt = new MoreLikeThis(searcher.getIndexReader());
        mlt.setAnalyzer(analyzer);
        mlt.setFieldNames(new String[] {TEXT});
        mlt.setMinTermFreq(1);
        mlt.setMinDocFreq(2);
        mlt.setMaxQueryTerms(30);
        Document stored = searcher.storedFields().document(doc);
        Query like = mlt.like(TEXT, new StringReader(stored.get(TITLE) + "\n" + stored.get(ABSTRACT)));
        return new BooleanQuery.Builder().add(like, Occur.MUST).add(notItself, Occur.FILTER).build();
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
