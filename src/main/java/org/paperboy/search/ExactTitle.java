package org.paperboy.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.QueryBuilder;

/** The papers whose title is the whole query, as written but for case, spaces and punctuation. */
final class ExactTitle {

    /** A title that many papers share ("Introduction") names none of them. */
    private static final int MAX_PAPERS = 3;

    private ExactTitle() {}

    static List<ScoreDoc> papers(IndexSearcher searcher, Analyzer analyzer, UserQuery query, Query filter)
            throws IOException {
        if (query.clauses().isEmpty() || query.clauses().stream().anyMatch(c -> c.field() != UserQuery.Field.ANY
                || c.excluded() || c.phrase())) {
            return List.of();
        }
        String text = query.clauses().stream().map(UserQuery.Clause::text).collect(Collectors.joining(" "));
        Query phrase = new QueryBuilder(analyzer).createPhraseQuery(IndexDocuments.TITLE, text);
        if (phrase == null) {
            return List.of();
        }
        Query inTitle = new BooleanQuery.Builder().add(phrase, Occur.MUST).add(filter, Occur.FILTER).build();
        ScoreDoc[] candidates = searcher.search(inTitle, MAX_PAPERS + 1).scoreDocs;
        List<ScoreDoc> titled = new ArrayList<>();
        for (ScoreDoc doc : candidates) {
            String title = searcher.storedFields().document(doc.doc, Set.of(IndexDocuments.TITLE))
                    .get(IndexDocuments.TITLE);
            if (title != null && normalized(title).equals(normalized(text))) {
                titled.add(doc);
            }
        }
        return titled.size() <= MAX_PAPERS ? titled : List.of();
    }

    /** Letters and digits only, lower-cased: "Attention Is All You Need!" and "attention is all you need" are one. */
    private static String normalized(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
    }
}
