package org.paperboy.search;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/** The index's document for a paper: its fields, how they are indexed, and the per-document values read back. */
final class IndexDocuments {

    static final String ID = "id";
    static final String TITLE = "title";
    static final String ABSTRACT = "abstract";
    /** Title and abstract as one field: BM25 over the whole text ranks better than a sum of per-field scores. */
    static final String TEXT = "text";
    /** Each author's name, tokenized for matching and stored as written, for "Papers by …". */
    static final String AUTHORS = "authors";
    /** The paper's DOI, lower-cased (DOIs are case-insensitive), so a pasted DOI finds its paper. */
    static final String DOI = "doi";
    /**
     * Every word of title, abstract and author names, lower-cased but not stemmed: the vocabulary spelling correction
     * suggests from (a stemmed field would suggest "retriev").
     */
    static final String WORDS = "words";
    static final String CATEGORY = "category";
    /** Each author's name exactly as stored, for author pages and their co-authors (see {@link AuthorLookup}). */
    static final String AUTHOR_NAME = "author_name";
    /** Each author's name folded ({@link AuthorLookup#fold}), to suggest the stored spelling of a name asked otherwise. */
    static final String AUTHOR_KEY = "author_key";
    /** Each category as stored (the filter field {@link #CATEGORY} is lower-cased), to count an author's categories. */
    static final String CATEGORY_CODE = "category_code";
    static final String PUBLISHED = "published";
    static final String VECTOR = "vector";
    /** Raised whenever documents change shape; an index of another format is emptied on open and rebuilt by the sync. */
    static final String FORMAT = "3";

    /** Stored, with offsets in the postings so highlighting needs no re-analysis. */
    private static final FieldType HIGHLIGHTED_TEXT = highlightedTextType();
    /** Which documents hold a word is all spelling correction asks: no frequencies, positions or norms. */
    private static final FieldType VOCABULARY = vocabularyType();

    private IndexDocuments() {}

    static Document document(IndexedPaper indexed) {
        Paper paper = indexed.paper();
        Document doc = new Document();
        doc.add(new StringField(ID, paper.id().value(), Field.Store.YES));
        // Results need only the id: reading it from doc values spares decompressing a block of stored fields per hit.
        doc.add(new SortedDocValuesField(ID, new BytesRef(paper.id().value())));
        doc.add(new Field(TITLE, paper.title(), HIGHLIGHTED_TEXT));
        doc.add(new Field(ABSTRACT, paper.abstractText(), HIGHLIGHTED_TEXT));
        doc.add(new TextField(TEXT, paper.title() + "\n" + paper.abstractText(), Field.Store.NO));
        for (String author : paper.authors()) {
            doc.add(new TextField(AUTHORS, author, Field.Store.YES));
            doc.add(new StringField(AUTHOR_NAME, author, Field.Store.NO));
            doc.add(new SortedSetDocValuesField(AUTHOR_NAME, new BytesRef(author)));
            doc.add(new StringField(AUTHOR_KEY, AuthorLookup.fold(author), Field.Store.NO));
        }
        doc.add(new Field(WORDS, paper.title() + "\n" + paper.abstractText() + "\n" + String.join("\n", paper.authors()),
                VOCABULARY));
        if (paper.doi() != null && !paper.doi().isBlank()) {
            doc.add(new StringField(DOI, paper.doi().strip().toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        for (String category : paper.categories()) {
            doc.add(new StringField(CATEGORY, category.toLowerCase(Locale.ROOT), Field.Store.NO));
            doc.add(new SortedSetDocValuesField(CATEGORY_CODE, new BytesRef(category)));
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

    /** The document of paper {@code id}, if the index has it. */
    static OptionalInt find(IndexSearcher searcher, PaperId id) throws IOException {
        TopDocs own = searcher.search(new TermQuery(new Term(ID, id.value())), 1);
        return own.scoreDocs.length == 0 ? OptionalInt.empty() : OptionalInt.of(own.scoreDocs[0].doc);
    }

    static PaperId idOf(IndexSearcher searcher, int doc) throws IOException {
        LeafReaderContext leaf = leafOf(searcher, doc);
        var ids = leaf.reader().getSortedDocValues(ID);
        if (ids == null || !ids.advanceExact(doc - leaf.docBase)) {
            throw new IllegalStateException("index document " + doc + " has no id");
        }
        return new PaperId(ids.lookupOrd(ids.ordValue()).utf8ToString());
    }

    /** The day a document's paper was published, as an epoch day; an undated paper counts as older than any. */
    static long publishedDay(IndexSearcher searcher, int doc) throws IOException {
        LeafReaderContext leaf = leafOf(searcher, doc);
        var values = leaf.reader().getNumericDocValues(PUBLISHED);
        return values != null && values.advanceExact(doc - leaf.docBase) ? values.longValue() : Long.MIN_VALUE;
    }

    static Optional<float[]> vectorOf(IndexSearcher searcher, int doc) throws IOException {
        LeafReaderContext leaf = leafOf(searcher, doc);
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

    private static LeafReaderContext leafOf(IndexSearcher searcher, int doc) {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        return leaves.get(ReaderUtil.subIndex(doc, leaves));
    }

    private static FieldType vocabularyType() {
        FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setIndexOptions(IndexOptions.DOCS);
        type.setOmitNorms(true);
        type.freeze();
        return type;
    }

    private static FieldType highlightedTextType() {
        FieldType type = new FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }
}
