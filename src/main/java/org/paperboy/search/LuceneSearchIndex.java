package org.paperboy.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.QueryTimeoutImpl;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * The embedded search index, on Lucene: BM25 over title, abstract and authors, HNSW over scalar-quantized (int8)
 * embeddings, fused by reciprocal rank for hybrid search. One process writes (the server, or a CLI command when no
 * server runs); another process opening the same directory gets a read-only view.
 */
public final class LuceneSearchIndex implements SearchIndex {

    static final String ID = "id";
    static final String TITLE = "title";
    static final String ABSTRACT = "abstract";
    /** Title and abstract as one field: BM25 over the whole text ranks better than a sum of per-field scores. */
    static final String TEXT = "text";
    static final String AUTHORS = "authors";
    static final String CATEGORY = "category";
    static final String PUBLISHED = "published";
    static final String VECTOR = "vector";
    private static final String APPLIED_SEQ = "paperboy.appliedSeq";
    private static final String STORE_EPOCH = "paperboy.storeEpoch";
    private static final String FORMAT = "paperboy.indexFormat";
    /** Raised whenever documents change shape; an index of another format is emptied on open and rebuilt by the sync. */
    static final String CURRENT_FORMAT = "2";

    /** Stored, with offsets in the postings so highlighting needs no re-analysis. */
    private static final FieldType HIGHLIGHTED_TEXT = highlightedTextType();

    private final Directory directory;
    private final Analyzer analyzer = Analyzers.perField();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Ranking ranking;
    private final KeywordQueries queries;
    /** What the last commit recorded; read from the directory instead when another process writes. */
    private volatile Committed committed;
    private volatile SimilarMemo similarMemo = new SimilarMemo(-1);

    private LuceneSearchIndex(Directory directory, IndexWriter writer, SearcherManager searchers, Ranking ranking,
                              Committed committed) {
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.ranking = ranking;
        this.queries = new KeywordQueries(analyzer, ranking);
        this.committed = committed;
    }

    /** The bookkeeping kept in each commit's user data, with the documents it describes. */
    private record Committed(long appliedSeq, String storeEpoch) {
        static Committed of(Map<String, String> data) {
            return new Committed(Long.parseLong(data.getOrDefault(APPLIED_SEQ, "0")), data.get(STORE_EPOCH));
        }

        Map<String, String> data() {
            Map<String, String> data = new HashMap<>(Map.of(APPLIED_SEQ, Long.toString(appliedSeq), FORMAT, CURRENT_FORMAT));
            if (storeEpoch != null) {
                data.put(STORE_EPOCH, storeEpoch);
            }
            return data;
        }
    }

    /**
     * How results are ranked; the defaults were tuned on SciFact's train queries (docs/search-quality.md).
     *
     * @param titleBoost   weight of a title match on top of the title-and-abstract match
     * @param authorBoost  weight of an author-name match for words without a field
     * @param candidates   results each method contributes to hybrid fusion
     * @param rrfK         the k of reciprocal-rank fusion: 1 / (k + rank)
     * @param semanticWeight weight of the semantic ranking in the fusion (keyword has weight 1)
     * @param timeoutMillis a query's time budget; what was found by then is returned
     */
    public record Ranking(float titleBoost, float authorBoost, int candidates, int rrfK, float semanticWeight,
                          long timeoutMillis) {
        public static final Ranking DEFAULT = new Ranking(0.5f, 1.0f, 100, 60, 1.0f, 2_000);
    }

    public static LuceneSearchIndex open(Path path) {
        return open(path, Ranking.DEFAULT);
    }

    public static LuceneSearchIndex open(Path path, Ranking ranking) {
        try {
            return open(FSDirectory.open(path), ranking);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index at " + path + ": " + e.getMessage(), e);
        }
    }

    /** Opens the index in {@code directory}, which it then owns: closed with the index, or at once if opening fails. */
    static LuceneSearchIndex open(Directory directory, Ranking ranking) throws IOException {
        try {
            try {
                return writable(directory, ranking);
            } catch (LockObtainFailedException e) {
                // Another process (a running server) owns the index: search what it has committed.
                return readOnly(directory, ranking);
            }
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileSuppressingExceptions(e, directory);
            throw e;
        }
    }

    private static LuceneSearchIndex writable(Directory directory, Ranking ranking) throws IOException {
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(Analyzers.perField())
                .setCodec(new QuantizedVectorsCodec())
                .setSimilarity(similarity())
                .setRAMBufferSizeMB(64)
                .setCommitOnClose(false));
        try {
            Map<String, String> data = commitData(writer);
            if (!CURRENT_FORMAT.equals(data.get(FORMAT))) {
                // A new index gets its first commit now, so that a read-only opener finds one; an index of another
                // format is emptied, and the sync rebuilds it.
                writer.deleteAll();
                writer.setLiveCommitData(new Committed(0, null).data().entrySet());
                writer.commit();
                data = commitData(writer);
            }
            return new LuceneSearchIndex(directory, writer, new SearcherManager(writer, null), ranking, Committed.of(data));
        } catch (IOException | RuntimeException e) {
            // Rolling back (not closing, which could try to write) releases the write lock, so the next open can write.
            IOUtils.closeWhileSuppressingExceptions(e, writer::rollback);
            throw e;
        }
    }

    private static LuceneSearchIndex readOnly(Directory directory, Ranking ranking) throws IOException {
        SearcherManager searchers = new SearcherManager(directory, null);
        try {
            return new LuceneSearchIndex(directory, null, searchers, ranking, latestCommit(directory));
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileSuppressingExceptions(e, searchers);
            throw e;
        }
    }

    public boolean readOnly() {
        return writer == null;
    }

    @Override
    public List<Refused> apply(List<IndexedPaper> papers, long throughSeq) {
        requireWritable();
        try {
            List<Refused> refused = new ArrayList<>();
            for (IndexedPaper paper : papers) {
                add(paper).ifPresent(refused::add);
            }
            commit(new Committed(throughSeq, committed.storeEpoch()));
            return refused;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the search index: " + e.getMessage(), e);
        }
    }

    /**
     * Adds or replaces one paper. Lucene refuses a document it cannot take (a vector of another dimension than the
     * index's, a term too long) before it changes anything, and the writer goes on: so the paper is tried again without
     * its vector, and failing that is left out, with its older version removed, rather than kept stale.
     */
    private Optional<Refused> add(IndexedPaper paper) throws IOException {
        Term id = new Term(ID, paper.paper().id().value());
        try {
            writer.updateDocument(id, document(paper));
            return Optional.empty();
        } catch (IllegalArgumentException refused) {
            if (paper.vector() != null) {
                try {
                    writer.updateDocument(id, document(new IndexedPaper(paper.paper(), null)));
                    return Optional.of(new Refused(paper.paper().id(), true, refused.getMessage()));
                } catch (IllegalArgumentException alsoRefused) {
                    refused = alsoRefused;
                }
            }
            writer.deleteDocuments(id);
            return Optional.of(new Refused(paper.paper().id(), false, refused.getMessage()));
        }
    }

    private void commit(Committed next) throws IOException {
        writer.setLiveCommitData(next.data().entrySet());
        writer.commit();
        committed = next;
        searchers.maybeRefresh();
    }

    /**
     * Merges the index down to at most {@code maxSegments} segments and waits: searches then touch fewer, larger
     * HNSW graphs and posting lists. Worth it after a rebuild; costly (graphs are rebuilt) on a large index.
     */
    public void forceMerge(int maxSegments) {
        requireWritable();
        try {
            writer.forceMerge(maxSegments, true);
            writer.commit();
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge the search index: " + e.getMessage(), e);
        }
    }

    /** Segments in the index as searched now. */
    public int segmentCount() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            release(searcher);
        }
    }

    @Override
    public long appliedSeq() {
        return current().appliedSeq();
    }

    @Override
    public Optional<String> storeEpoch() {
        return Optional.ofNullable(current().storeEpoch());
    }

    /** The writer's own last commit; or, read-only, the last commit of the process that writes. */
    private Committed current() {
        if (writer != null) {
            return committed;
        }
        try {
            searchers.maybeRefresh();
            return latestCommit(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index's last commit: " + e.getMessage(), e);
        }
    }

    private static Committed latestCommit(Directory directory) throws IOException {
        return Committed.of(SegmentInfos.readLatestCommit(directory).getUserData());
    }

    @Override
    public void clear(String storeEpoch) {
        requireWritable();
        try {
            writer.deleteAll();
            commit(new Committed(0, storeEpoch));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the search index: " + e.getMessage(), e);
        }
    }

    /**
     * Ranks by the mode asked for (degraded to keyword when there is no query vector). Sorted by date, semantic and
     * hybrid results are the {@link Ranking#candidates} most relevant papers, newest first: a pool that does not depend
     * on the page, so pages never overlap and go back in time. Keyword results sorted by date are every paper that
     * matches every word, newest first; a query of filters alone (no words) lists every paper that passes them.
     */
    @Override
    public SearchResults search(SearchRequest request, float[] queryVector) {
        long start = System.nanoTime();
        UserQuery query = UserQuery.parse(request.query());
        IndexSearcher shared = acquire();
        try {
            QueryTimeoutImpl budget = new QueryTimeoutImpl(ranking.timeoutMillis());
            IndexSearcher searcher = timeLimited(shared, budget);
            Query filter = queries.filter(request, query);
            SearchMode mode = request.mode();
            float[] vector = query.semanticText().isBlank() ? null : queryVector;
            if (mode != SearchMode.KEYWORD && vector == null) {
                mode = mode == SearchMode.HYBRID ? SearchMode.KEYWORD : SearchMode.SEMANTIC;
            }
            int wanted = request.offset() + request.limit();
            Ranked ranked;
            if (query.isEmpty() && mode != SearchMode.SEMANTIC) {
                ranked = byDate(searcher, filter, wanted, request.categories().isEmpty() && request.from() == null
                        && request.to() == null && query.clauses().isEmpty());
            } else if (mode == SearchMode.KEYWORD && request.sort() == SearchRequest.Sort.DATE) {
                ranked = newestMatchingEveryWord(searcher, query, filter, wanted);
            } else if (request.sort() == SearchRequest.Sort.DATE) {
                ranked = relevant(searcher, mode, query, filter, vector, ranking.candidates()).newestFirst(searcher);
            } else {
                ranked = relevant(searcher, mode, query, filter, vector, wanted);
            }
            // A search cut short by its budget (kNN searches stop early without saying so) returns what it found.
            boolean partial = searcher.timedOut() || budget.shouldExit();
            List<ScoreDoc> page = ranked.docs().subList(Math.min(request.offset(), ranked.docs().size()),
                    Math.min(wanted, ranked.docs().size()));
            List<SearchHit> hits = hits(searcher, page, query);
            return new SearchResults(hits, ranked.total(), mode, (System.nanoTime() - start) / 1_000, partial);
        } catch (IOException e) {
            throw new UncheckedIOException("search failed: " + e.getMessage(), e);
        } finally {
            release(shared);
        }
    }

    /** The {@code n} most relevant documents under {@code mode} (semantic without a vector finds nothing). */
    private Ranked relevant(IndexSearcher searcher, SearchMode mode, UserQuery query, Query filter, float[] vector, int n)
            throws IOException {
        Query keyword = queries.keywordQuery(query, filter, false);
        return switch (mode) {
            case KEYWORD -> keyword(searcher, keyword, n);
            case SEMANTIC -> vector == null ? Ranked.EMPTY : semantic(searcher, vector, filter, n);
            case HYBRID -> {
                int candidates = Math.max(ranking.candidates(), n);
                yield fuse(keyword(searcher, keyword, candidates), semantic(searcher, vector, filter, candidates), n);
            }
        };
    }

    @Override
    public List<SearchHit> similar(PaperId id, int limit) {
        IndexSearcher shared = acquire();
        try {
            SimilarMemo memo = similarMemo(shared);
            String key = limit + " " + id.value();
            List<SearchHit> known = memo.hits().get(key);
            if (known != null) {
                return known;
            }
            IndexSearcher searcher = timeLimited(shared, new QueryTimeoutImpl(ranking.timeoutMillis()));
            TopDocs own = searcher.search(new TermQuery(new Term(ID, id.value())), 1);
            if (own.scoreDocs.length == 0) {
                return List.of();
            }
            int doc = own.scoreDocs[0].doc;
            Query notItself = new BooleanQuery.Builder()
                    .add(new MatchAllDocsQuery(), Occur.FILTER)
                    .add(new TermQuery(new Term(ID, id.value())), Occur.MUST_NOT)
                    .build();
            Optional<float[]> vector = vectorOf(searcher, doc);
            TopDocs similar;
            if (vector.isPresent()) {
                similar = searcher.search(new KnnFloatVectorQuery(VECTOR, vector.get(), limit, notItself), limit);
            } else {
                similar = searcher.search(moreLikeThis(searcher, doc, notItself), limit);
            }
            List<SearchHit> hits = new ArrayList<>();
            for (ScoreDoc hit : similar.scoreDocs) {
                hits.add(new SearchHit(idOf(searcher, hit.doc), hit.score, null, null));
            }
            if (!searcher.timedOut()) {
                memo.remember(key, List.copyOf(hits));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("similar-papers search failed: " + e.getMessage(), e);
        } finally {
            release(shared);
        }
    }

    /**
     * Similar papers are a function of the index contents alone (a paper's stored vector, or its terms, and the other
     * documents), so they are remembered for as long as the searched reader stays the same: the memo is keyed by the
     * reader's version, which changes with every commit the searchers pick up. A paper page then costs no HNSW search
     * after its first view, and nothing it shows can be older than the index it would otherwise have searched.
     */
    private record SimilarMemo(long readerVersion, java.util.concurrent.ConcurrentHashMap<String, List<SearchHit>> hits) {
        /** Bounds the memo's memory (about 1 kB an entry); it starts over when full, and on every index change. */
        static final int MAX_ENTRIES = 20_000;

        SimilarMemo(long readerVersion) {
            this(readerVersion, new java.util.concurrent.ConcurrentHashMap<>());
        }

        void remember(String key, List<SearchHit> value) {
            if (hits.size() >= MAX_ENTRIES) {
                hits.clear();
            }
            hits.put(key, value);
        }
    }

    private SimilarMemo similarMemo(IndexSearcher searcher) {
        long version = searcher.getIndexReader() instanceof org.apache.lucene.index.DirectoryReader reader
                ? reader.getVersion() : -1;
        SimilarMemo memo = similarMemo;
        if (memo.readerVersion() != version || version < 0) {
            memo = new SimilarMemo(version);
            similarMemo = memo;
        }
        return memo;
    }

    @Override
    public Optional<float[]> vectorOf(PaperId id) {
        IndexSearcher searcher = acquire();
        try {
            TopDocs own = searcher.search(new TermQuery(new Term(ID, id.value())), 1);
            return own.scoreDocs.length == 0 ? Optional.empty() : vectorOf(searcher, own.scoreDocs[0].doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public IndexStats stats() {
        IndexSearcher searcher = acquire();
        try {
            return new IndexStats(searcher.getIndexReader().numDocs(), searcher.count(new FieldExistsQuery(VECTOR)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public void close() {
        try {
            // Each is closed even if one before it fails, so a failing close leaves no lock behind.
            IOUtils.close(searchers, writer, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index: " + e.getMessage(), e);
        }
    }

    // ---- documents ----

    private static Document document(IndexedPaper indexed) {
        Paper paper = indexed.paper();
        Document doc = new Document();
        doc.add(new StringField(ID, paper.id().value(), Field.Store.YES));
        // Results need only the id: reading it from doc values spares decompressing a block of stored fields per hit.
        doc.add(new SortedDocValuesField(ID, new BytesRef(paper.id().value())));
        doc.add(new Field(TITLE, paper.title(), HIGHLIGHTED_TEXT));
        doc.add(new Field(ABSTRACT, paper.abstractText(), HIGHLIGHTED_TEXT));
        doc.add(new TextField(TEXT, paper.title() + "\n" + paper.abstractText(), Field.Store.NO));
        for (String author : paper.authors()) {
            doc.add(new TextField(AUTHORS, author, Field.Store.NO));
        }
        for (String category : paper.categories()) {
            doc.add(new StringField(CATEGORY, category.toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        LocalDate published = paper.publishedOn();
        if (published != null) {
            doc.add(new LongPoint(PUBLISHED, published.toEpochDay()));
            doc.add(new NumericDocValuesField(PUBLISHED, published.toEpochDay()));
        }
        if (indexed.vector() != null) {
            doc.add(new KnnFloatVectorField(VECTOR, indexed.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        return doc;
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

    // ---- ranking ----

    /** Documents in rank order with their scores, and how many matched in all. */
    private record Ranked(List<ScoreDoc> docs, long total) {
        static final Ranked EMPTY = new Ranked(List.of(), 0);

        /**
         * The same documents newest first; equal days keep their relevance order, so the order is total and every
         * page of it is cut from the same list. The total is the pool's size: that is what is listed.
         */
        Ranked newestFirst(IndexSearcher searcher) throws IOException {
            Map<Integer, Long> days = new HashMap<>();
            for (ScoreDoc doc : docs) {
                days.put(doc.doc, publishedDay(searcher, doc.doc));
            }
            List<ScoreDoc> sorted = new ArrayList<>(docs);
            sorted.sort(java.util.Comparator.<ScoreDoc>comparingLong(d -> days.get(d.doc)).reversed());
            return new Ranked(sorted, sorted.size());
        }
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

    /** Reciprocal-rank fusion: each list gives a document weight / (k + rank); the sums rank the union. */
    private Ranked fuse(Ranked keyword, Ranked semantic, int n) {
        Map<Integer, Float> fused = new LinkedHashMap<>();
        addRanks(fused, keyword.docs(), 1f);
        addRanks(fused, semantic.docs(), ranking.semanticWeight());
        List<ScoreDoc> docs = fused.entrySet().stream()
                .sorted(Map.Entry.<Integer, Float>comparingByValue().reversed())
                .limit(n)
                .map(e -> new ScoreDoc(e.getKey(), e.getValue()))
                .toList();
        return new Ranked(docs, Math.max(keyword.total(), docs.size()));
    }

    private void addRanks(Map<Integer, Float> fused, List<ScoreDoc> ranked, float weight) {
        for (int rank = 0; rank < ranked.size(); rank++) {
            fused.merge(ranked.get(rank).doc, weight / (ranking.rrfK() + rank + 1), Float::sum);
        }
    }

    // ---- results ----

    private List<SearchHit> hits(IndexSearcher searcher, List<ScoreDoc> page, UserQuery query) throws IOException {
        if (page.isEmpty()) {
            return List.of();
        }
        Query highlight = queries.highlightQuery(query);
        // Both fields in one call: each hit's stored fields are read (and decompressed) once, not once a field.
        Map<String, String[]> snippets = highlight == null ? Map.of()
                : highlighter(searcher).highlightFields(new String[] {TITLE, ABSTRACT}, highlight, topDocs(page),
                        new int[] {1, 2});
        String[] titles = snippets.getOrDefault(TITLE, new String[page.size()]);
        String[] abstracts = snippets.getOrDefault(ABSTRACT, new String[page.size()]);
        List<SearchHit> hits = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            hits.add(new SearchHit(idOf(searcher, page.get(i).doc), page.get(i).score, marked(titles[i]), marked(abstracts[i])));
        }
        return hits;
    }

    private static PaperId idOf(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
        var ids = leaf.reader().getSortedDocValues(ID);
        if (ids == null || !ids.advanceExact(doc - leaf.docBase)) {
            throw new IllegalStateException("index document " + doc + " has no id");
        }
        return new PaperId(ids.lookupOrd(ids.ordValue()).utf8ToString());
    }

    private static TopDocs topDocs(List<ScoreDoc> page) {
        return new TopDocs(new org.apache.lucene.search.TotalHits(page.size(),
                org.apache.lucene.search.TotalHits.Relation.EQUAL_TO), page.toArray(ScoreDoc[]::new));
    }

    /** A snippet only when it marks something: an unmarked one tells the reader nothing about why it matched. */
    private static String marked(String snippet) {
        return snippet != null && snippet.contains("<mark>") ? snippet : null;
    }

    private UnifiedHighlighter highlighter(IndexSearcher searcher) {
        UnifiedHighlighter.Builder builder = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
                .withMaxNoHighlightPassages(0)
                // Term offsets from the postings are enough to mark words; weight matching re-runs the query per hit.
                .withWeightMatches(false);
        return new UnifiedHighlighter(builder) {
            /** A title is marked whole; an abstract in its best sentences. */
            @Override
            protected java.text.BreakIterator getBreakIterator(String field) {
                return TITLE.equals(field) ? new WholeBreakIterator() : super.getBreakIterator(field);
            }
        };
    }

    // ---- plumbing ----

    private Optional<float[]> vectorOf(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        if (values == null) {
            return Optional.empty();
        }
        KnnVectorValues.DocIndexIterator iterator = values.iterator();
        int target = doc - leaf.docBase;
        if (iterator.advance(target) != target) {
            return Optional.empty();
        }
        return Optional.of(values.vectorValue(iterator.index()).clone());
    }

    private static long publishedDay(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
        var values = leaf.reader().getNumericDocValues(PUBLISHED);
        return values != null && values.advanceExact(doc - leaf.docBase) ? values.longValue() : Long.MIN_VALUE;
    }

    private static Sort byPublishedDesc() {
        SortField published = new SortField(PUBLISHED, SortField.Type.LONG, true);
        published.setMissingValue(Long.MIN_VALUE);
        return new Sort(published, SortField.FIELD_SCORE);
    }

    /** A searcher over the same reader with this query's time budget; searchers are cheap, readers are shared. */
    private static IndexSearcher timeLimited(IndexSearcher shared, QueryTimeoutImpl budget) {
        IndexSearcher searcher = new IndexSearcher(shared.getIndexReader());
        searcher.setSimilarity(similarity());
        searcher.setTimeout(budget);
        return searcher;
    }

    /** Anserini's BM25 parameters for abstracts (k1 = 0.9, b = 0.4), better than Lucene's defaults on short documents. */
    private static BM25Similarity similarity() {
        return new BM25Similarity(0.9f, 0.4f);
    }

    private IndexSearcher acquire() {
        try {
            if (writer == null) {
                // Read-only: another process commits; pick up its commits. A writer refreshes in apply().
                searchers.maybeRefresh();
            }
            IndexSearcher searcher = searchers.acquire();
            searcher.setSimilarity(similarity());
            return searcher;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireWritable() {
        if (writer == null) {
            throw new IllegalStateException("the search index is open for writing by another Paperboy process "
                    + "(a running server); stop it or let it do the indexing");
        }
    }

    private static Map<String, String> commitData(IndexWriter writer) {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    private static FieldType highlightedTextType() {
        FieldType type = new FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }

    /** Lucene's default codec with int8 scalar-quantized HNSW vectors: a quarter of the memory, recall close to float. */
    private static final class QuantizedVectorsCodec extends Lucene104Codec {
        private final KnnVectorsFormat vectors = new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, 16, 100);

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return vectors;
        }
    }
}
