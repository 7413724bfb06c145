package org.paperboy.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.util.QueryBuilder;

/** The embedded index's vocabulary for {@link SpellingCorrection}: its {@code words} field, read directly. */
record LuceneVocabulary(IndexSearcher searcher, Analyzer analyzer, DirectSpellChecker checker)
        implements SpellingCorrection.Vocabulary {

    @Override
    public long papers() {
        return searcher.getIndexReader().numDocs();
    }

    @Override
    public long papersWith(String word) throws IOException {
        return searcher.getIndexReader().docFreq(new Term(IndexDocuments.WORDS, word));
    }

    @Override
    public List<SpellingCorrection.Suggestion> moreCommonNear(String word) throws IOException {
        List<SpellingCorrection.Suggestion> suggestions = new ArrayList<>();
        for (SuggestWord suggestion : checker.suggestSimilar(new Term(IndexDocuments.WORDS, word),
                SpellingCorrection.SUGGESTIONS, searcher.getIndexReader(), SuggestMode.SUGGEST_MORE_POPULAR)) {
            suggestions.add(new SpellingCorrection.Suggestion(suggestion.string, suggestion.freq));
        }
        return suggestions;
    }

    @Override
    public long papersWithEveryWord(String text) throws IOException {
        Query every = new QueryBuilder(analyzer).createBooleanQuery(IndexDocuments.WORDS, text, BooleanClause.Occur.MUST);
        return every == null ? 0 : searcher.count(every);
    }

    @Override
    public boolean writtenInTitleOrAuthors(String text) throws IOException {
        QueryBuilder builder = new QueryBuilder(analyzer);
        for (String field : List.of(IndexDocuments.AUTHORS, IndexDocuments.TITLE)) {
            Query phrase = builder.createPhraseQuery(field, text);
            if (phrase != null && searcher.count(phrase) > 0) {
                return true;
            }
        }
        return false;
    }
}
