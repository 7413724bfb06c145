package org.paperboy.search;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.paperboy.catalog.PaperId;

/**
 * A person's papers, found by the name exactly as the catalog stores it (arXiv lists authors as they wrote
 * themselves), through the search index's exact author field: a term lookup, so an author page costs the same on a
 * catalog of any size, and the catalog needs no author table (which would slow every import). Co-authors and
 * categories are counted from the matching documents' doc values. The index follows the catalog within seconds; a
 * paper just stored shows on its authors' pages once indexed.
 */
public final class AuthorLookup {

    /** One author's papers: how many, one page of them newest first, and their most frequent co-authors and categories. */
    public record AuthorPapers(String name, int total, List<PaperId> page, List<Tally> coauthors, List<Tally> categories) {}

    /** A co-author or a category, and in how many of the author's papers it appears. */
    public record Tally(String value, int papers) {}

    /** A folded name can be this common; more are not read to suggest spellings. */
    private static final int SPELLINGS_SCANNED = 200;

    /** An engine that answers author lookups itself (the embedded index is read here, through its searchers). */
    public interface Source {
        AuthorPapers authorPapers(String name, int offset, int limit, int maxTallied);

        List<String> authorSpellings(String name);
    }

    private final LuceneSearchIndex index;
    private final Source source;

    public AuthorLookup(SearchIndex index) {
        this.index = index instanceof LuceneSearchIndex lucene ? lucene : null;
        this.source = index instanceof Source s ? s : null;
        if (this.index == null && source == null) {
            throw new IllegalArgumentException("this search index cannot look authors up: " + index);
        }
    }

    /**
     * The papers of the author named exactly {@code name}, newest first (by publication day); {@code total} is 0 for a
     * name no indexed paper lists.
     */
    public AuthorPapers papers(String name, int offset, int limit, int maxTallied) {
        if (source != null) {
            return source.authorPapers(name, offset, limit, maxTallied);
        }
        Query query = new TermQuery(new Term(IndexDocuments.AUTHOR_NAME, name));
        return index.read(searcher -> {
            int total = searcher.count(query);
            if (total == 0) {
                return new AuthorPapers(name, 0, List.of(), List.of(), List.of());
            }
            Sort newestFirst = new Sort(new SortField(IndexDocuments.PUBLISHED, SortField.Type.LONG, true),
                    new SortField(IndexDocuments.ID, SortField.Type.STRING, true));
            ScoreDoc[] docs = searcher.search(query, Math.max(1, offset + limit), newestFirst).scoreDocs;
            List<PaperId> page = new ArrayList<>();
            for (int i = offset; i < docs.length; i++) {
                page.add(IndexDocuments.idOf(searcher, docs[i].doc));
            }
            Map<String, Integer> coauthors = new HashMap<>();
            Map<String, Integer> categories = new HashMap<>();
            tally(searcher, query, IndexDocuments.AUTHOR_NAME, coauthors);
            tally(searcher, query, IndexDocuments.CATEGORY_CODE, categories);
            coauthors.remove(name);
            return new AuthorPapers(name, total, page, top(coauthors, maxTallied), top(categories, maxTallied));
        });
    }

    /** Stored names that differ from {@code name} only in case, accents, spacing or punctuation. */
    public List<String> spellings(String name) {
        String key = fold(name);
        if (key.isEmpty()) {
            return List.of();
        }
        if (source != null) {
            return source.authorSpellings(name);
        }
        return index.read(searcher -> {
            Set<String> names = new LinkedHashSet<>();
            Query query = new TermQuery(new Term(IndexDocuments.AUTHOR_KEY, key));
            for (ScoreDoc hit : searcher.search(query, SPELLINGS_SCANNED).scoreDocs) {
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(hit.doc, leaves));
                SortedSetDocValues values = DocValues.getSortedSet(leaf.reader(), IndexDocuments.AUTHOR_NAME);
                if (values.advanceExact(hit.doc - leaf.docBase)) {
                    for (int i = 0; i < values.docValueCount(); i++) {
                        String stored = values.lookupOrd(values.nextOrd()).utf8ToString();
                        if (fold(stored).equals(key)) {
                            names.add(stored);
                        }
                    }
                }
            }
            names.remove(name);
            return List.copyOf(names);
        });
    }

    /** A name without case, accents, punctuation or repeated spaces: "Jürgen  Schmidhuber" and "jurgen schmidhuber" meet. */
    public static String fold(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /**
     * Counts the values of a multi-valued doc-values field over the documents matching {@code query}: by ordinal within
     * each segment, the strings looked up once per segment.
     */
    private static void tally(IndexSearcher searcher, Query query, String field, Map<String, Integer> counts)
            throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            SortedSetDocValues values = DocValues.getSortedSet(leaf.reader(), field);
            Map<Long, Integer> byOrd = new HashMap<>();
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if ((live == null || live.get(doc)) && values.advanceExact(doc)) {
                    for (int i = 0; i < values.docValueCount(); i++) {
                        byOrd.merge(values.nextOrd(), 1, Integer::sum);
                    }
                }
            }
            for (Map.Entry<Long, Integer> e : byOrd.entrySet()) {
                counts.merge(values.lookupOrd(e.getKey()).utf8ToString(), e.getValue(), Integer::sum);
            }
        }
    }

    /** The most frequent first, ties by name. */
    private static List<Tally> top(Map<String, Integer> counts, int max) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(max).map(e -> new Tally(e.getKey(), e.getValue())).toList();
    }
}
