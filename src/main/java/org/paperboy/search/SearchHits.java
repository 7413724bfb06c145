package org.paperboy.search;

import static org.paperboy.search.IndexDocuments.ABSTRACT;
import static org.paperboy.search.IndexDocuments.TITLE;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;

/** Turns a page of ranked documents into {@link SearchHit}s: each paper's id, score, and title and abstract snippets. */
final class SearchHits {

    private final Analyzer analyzer;
    private final KeywordQueries queries;

    SearchHits(Analyzer analyzer, KeywordQueries queries) {
        this.analyzer = analyzer;
        this.queries = queries;
    }

    List<SearchHit> of(IndexSearcher searcher, List<ScoreDoc> page, UserQuery query) throws IOException {
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
            hits.add(new SearchHit(IndexDocuments.idOf(searcher, page.get(i).doc), page.get(i).score,
                    Highlights.ifMarked(titles[i]), Highlights.ifMarked(abstracts[i])));
        }
        return hits;
    }

    private static TopDocs topDocs(List<ScoreDoc> page) {
        return new TopDocs(new TotalHits(page.size(), TotalHits.Relation.EQUAL_TO), page.toArray(ScoreDoc[]::new));
    }

    private UnifiedHighlighter highlighter(IndexSearcher searcher) {
        UnifiedHighlighter.Builder builder = UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new MarkingFormatter())
                .withMaxNoHighlightPassages(0)
                // Term offsets from the postings are enough to mark words; weight matching re-runs the query per hit.
                .withWeightMatches(false);
        return new UnifiedHighlighter(builder) {
            /** A title is marked whole; an abstract in its best sentences. */
            @Override
            protected BreakIterator getBreakIterator(String field) {
                return TITLE.equals(field) ? new WholeBreakIterator() : super.getBreakIterator(field);
            }
        };
    }

    /** Lucene's passages, made HTML by {@link Highlights} as the other engine's fragments are. */
    private static final class MarkingFormatter extends PassageFormatter {
        @Override
        public String format(Passage[] passages, String content) {
            StringBuilder html = new StringBuilder();
            int pos = 0;
            for (Passage passage : passages) {
                if (passage.getStartOffset() > pos && pos > 0) {
                    html.append(Highlights.GAP);
                }
                int n = passage.getNumMatches();
                html.append(Highlights.html(content, passage.getStartOffset(), passage.getEndOffset(),
                        java.util.Arrays.copyOf(passage.getMatchStarts(), n), java.util.Arrays.copyOf(passage.getMatchEnds(), n)));
                pos = passage.getEndOffset();
            }
            return html.toString();
        }
    }
}
