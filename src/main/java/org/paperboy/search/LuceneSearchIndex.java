package org.paperboy.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.QueryTimeoutImpl;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;
import org.paperboy.catalog.PaperId;

/**
 * The embedded search index, on Lucene: BM25 over title, abstract and authors, HNSW over scalar-quantized (int8)
 * embeddings, fused by {@link Ranking#fusion()} for hybrid search. One process writes (the server, or a CLI command when no
 * server runs); another process opening the same directory gets a read-only view.
 */
public final class LuceneSearchIndex implements SearchIndex {

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Ranking ranking;
    private final Ranker ranker;
    private final AcronymExpansion acronyms = new AcronymExpansion();
    private final SearchHits hits;
    private final SimilarPapers similarPapers;
    private final KeywordQueries queries;
    private final PinnedPapers pinned;
    private final SpellingCorrection spelling = new SpellingCorrection();
    private final DirectSpellChecker spellChecker = new DirectSpellChecker();
    private final Analyzer analyzer;
    /** What the last commit recorded; read from the directory instead when another process writes. */
    private volatile CommitData committed;

    private LuceneSearchIndex(Directory directory, IndexWriter writer, SearcherManager searchers, Ranking ranking,
                              CommitData committed) {
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.ranking = ranking;
        Analyzer analyzer = Analyzers.perField();
        this.queries = new KeywordQueries(analyzer, ranking);
        this.pinned = new PinnedPapers(analyzer);
        this.analyzer = analyzer;
        this.ranker = new Ranker(queries, ranking);
        this.hits = new SearchHits(analyzer, queries);
        this.similarPapers = new SimilarPapers(analyzer, ranking.timeoutMillis());
        this.committed = committed;
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
            if (!CommitData.currentFormat(writer)) {
                // A new index gets its first commit now, so that a read-only opener finds one; an index of another
                // format is emptied, and the sync rebuilds it.
                writer.deleteAll();
                CommitData.EMPTY.setOn(writer);
                writer.commit();
            }
            return new LuceneSearchIndex(directory, writer, new SearcherManager(writer, null), ranking,
                    CommitData.live(writer));
        } catch (IOException | RuntimeException e) {
            // Rolling back (not closing, which could try to write) releases the write lock, so the next open can write.
            IOUtils.closeWhileSuppressingExceptions(e, writer::rollback);
            throw e;
        }
    }

    private static LuceneSearchIndex readOnly(Directory directory, Ranking ranking) throws IOException {
        SearcherManager searchers = new SearcherManager(directory, null);
        try {
            return new LuceneSearchIndex(directory, null, searchers, ranking, CommitData.latest(directory));
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileSuppressingExceptions(e, searchers);
            throw e;
        }
    }

    @Override
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
            commit(new CommitData(throughSeq, committed.storeEpoch()));
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
        Term id = new Term(IndexDocuments.ID, paper.paper().id().value());
        try {
            writer.updateDocument(id, IndexDocuments.document(paper));
            return Optional.empty();
        } catch (IllegalArgumentException refused) {
            if (paper.vector() != null) {
                try {
                    writer.updateDocument(id, IndexDocuments.document(new IndexedPaper(paper.paper(), null)));
                    return Optional.of(new Refused(paper.paper().id(), true, refused.getMessage()));
                } catch (IllegalArgumentException alsoRefused) {
                    refused = alsoRefused;
                }
            }
            writer.deleteDocuments(id);
            return Optional.of(new Refused(paper.paper().id(), false, refused.getMessage()));
        }
    }

    private void commit(CommitData next) throws IOException {
        next.setOn(writer);
        writer.commit();
        committed = next;
        searchers.maybeRefresh();
    }

    @Override
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
    private CommitData current() {
        if (writer != null) {
            return committed;
        }
        try {
            searchers.maybeRefresh();
            return CommitData.latest(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index's last commit: " + e.getMessage(), e);
        }
    }

    @Override
    public void clear(String storeEpoch) {
        requireWritable();
        try {
            writer.deleteAll();
            commit(new CommitData(0, storeEpoch));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the search index: " + e.getMessage(), e);
        }
    }

    /**
     * Ranks by the mode asked for (degraded to keyword when there is no query vector). Sorted by date, semantic and
     * hybrid results are the {@link Ranking#candidates} most relevant papers, newest first: a pool that does not depend
     * on the page, so pages never overlap and go back in time. Keyword results sorted by date are every paper that
     * matches every word, newest first; a query of filters alone (no words) lists every paper that passes them.
     * Ranked by relevance, the papers the query names outright (a pasted identifier, an author's name, an exact title)
     * come first.
     */
    @Override
    public SearchResults search(SearchRequest request, float[] queryVector) {
        long start = System.nanoTime();
        UserQuery query = UserQuery.parse(request.query());
        IndexSearcher shared = acquire();
        try {
            QueryTimeoutImpl budget = new QueryTimeoutImpl(ranking.timeoutMillis());
            IndexSearcher searcher = timeLimited(shared, budget);
            EffectiveMode effective = EffectiveMode.of(request.mode(), query, queryVector);
            SearchMode mode = effective.mode();
            int wanted = request.offset() + request.limit();
            Ranker.Ranked ranked = ranker.rank(searcher, request, query, effective, wanted);
            PinnedPapers.Pins pins = request.sort() == SearchRequest.Sort.RELEVANCE
                    // Not under the budget: these few term lookups must answer even when ranking ran out of time.
                    ? pinned.find(shared, request.query(), query, queries.filter(request, query), wanted)
                    : PinnedPapers.Pins.NONE;
            ranked = pins.inFrontOf(ranked, wanted);
            // A search cut short by its budget (kNN searches stop early without saying so) returns what it found.
            boolean partial = searcher.timedOut() || budget.shouldExit();
            List<ScoreDoc> page = ranked.docs().subList(Math.min(request.offset(), ranked.docs().size()),
                    Math.min(wanted, ranked.docs().size()));
            return new SearchResults(hits.of(searcher, page, query), ranked.total(), mode,
                    (System.nanoTime() - start) / 1_000, partial, pins.reading());
        } catch (IOException e) {
            throw new UncheckedIOException("search failed: " + e.getMessage(), e);
        } finally {
            release(shared);
        }
    }

    @Override
    public Optional<Correction> correctSpelling(String query) {
        IndexSearcher searcher = acquire();
        try {
            return spelling.correct(new LuceneVocabulary(searcher, analyzer, spellChecker), query);
        } catch (IOException e) {
            throw new UncheckedIOException("spelling correction failed: " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public String semanticQuery(String text) {
        IndexSearcher searcher = acquire();
        try {
            return acronyms.expand(text, AcronymExpansion.in(searcher));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index: " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public List<SearchHit> similar(java.util.Collection<PaperId> seeds, int limit) {
        IndexSearcher shared = acquire();
        try {
            return similarPapers.of(shared, seeds, limit);
        } catch (IOException e) {
            throw new UncheckedIOException("similar-papers search failed: " + e.getMessage(), e);
        } finally {
            release(shared);
        }
    }

    @Override
    public Optional<float[]> vectorOf(PaperId id) {
        IndexSearcher searcher = acquire();
        try {
            OptionalInt own = IndexDocuments.find(searcher, id);
            return own.isEmpty() ? Optional.empty() : IndexDocuments.vectorOf(searcher, own.getAsInt());
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
            return new IndexStats(searcher.getIndexReader().numDocs(),
                    searcher.count(new FieldExistsQuery(IndexDocuments.VECTOR)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /** Reads the index with a searcher over its latest commit (see {@link AuthorLookup}). */
    <T> T read(IndexRead<T> read) {
        IndexSearcher searcher = acquire();
        try {
            return read.apply(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index: " + e.getMessage(), e);
        } finally {
            release(searcher);
        }
    }

    @FunctionalInterface
    interface IndexRead<T> {
        T apply(IndexSearcher searcher) throws IOException;
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

    // ---- plumbing ----

    /** A searcher over the same reader with this query's time budget; searchers are cheap, readers are shared. */
    static IndexSearcher timeLimited(IndexSearcher shared, QueryTimeoutImpl budget) {
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

    /** Lucene's default codec with int8 scalar-quantized HNSW vectors: a quarter of the memory, recall close to float. */
    private static final class QuantizedVectorsCodec extends Lucene104Codec {
        private final KnnVectorsFormat vectors = new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, 16, 100);

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return vectors;
        }
    }
}
