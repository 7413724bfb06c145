package org.paperboy.search;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Collections;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.QueryBuilder;

/**
 * Recognises a query that is a person's name ({@code Yann LeCun}, {@code Jonathan P. How}, {@code LeCun}) so that
 * their papers come first. Only a query that is nothing but a name counts, and only when the words occur as an
 * author's name more often than as prose: "graph" is no one's name here even if an author is called Graph, while
 * "Wang" is. A surname shared by several people in the catalog names no one person, and is left to ranking.
 *
 * @param name  the author's name as the catalog stores it
 * @param query the documents of that author
 */
record AuthorNameMatch(String name, Query query) {

    /** Names are short; a longer query is a topic. */
    static final int MAX_WORDS = 5;
    /** Papers whose author lists are read to tell whether the name is one person's. */
    private static final int PAPERS_READ = 50;

    static Optional<AuthorNameMatch> find(IndexSearcher searcher, Analyzer analyzer, UserQuery query) throws IOException {
        if (query.clauses().isEmpty() || query.clauses().stream().anyMatch(c -> c.field() != UserQuery.Field.ANY
                || c.excluded() || c.phrase())) {
            return Optional.empty();
        }
        String text = query.clauses().stream().map(UserQuery.Clause::text).collect(Collectors.joining(" "));
        List<String> words = tokens(analyzer, text);
        if (words.isEmpty() || words.size() > MAX_WORDS) {
            return Optional.empty();
        }
        QueryBuilder builder = new QueryBuilder(analyzer);
        Query asAuthor = builder.createPhraseQuery(IndexDocuments.AUTHORS, text);
        Query asProse = builder.createPhraseQuery(IndexDocuments.TEXT, text);
        int authored = asAuthor == null ? 0 : searcher.count(asAuthor);
        if (authored == 0 || (asProse != null && searcher.count(asProse) > authored)) {
            return Optional.empty();
        }
        return onePerson(searcher, analyzer, asAuthor, words).map(name -> new AuthorNameMatch(name, asAuthor));
    }

    /**
     * The name the matching papers give for the author, if they all name one person: spellings that differ only in
     * case, accents or dots are one person, written as most papers write it.
     */
    private static Optional<String> onePerson(IndexSearcher searcher, Analyzer analyzer, Query asAuthor,
                                              List<String> words) throws IOException {
        Map<String, Map<String, Integer>> spellingsByPerson = new HashMap<>();
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc doc : searcher.search(asAuthor, PAPERS_READ).scoreDocs) {
            for (String author : stored.document(doc.doc, Set.of(IndexDocuments.AUTHORS))
                    .getValues(IndexDocuments.AUTHORS)) {
                List<String> tokens = tokens(analyzer, author);
                if (Collections.indexOfSubList(tokens, words) >= 0) {
                    spellingsByPerson.computeIfAbsent(String.join(" ", tokens), k -> new HashMap<>())
                            .merge(author, 1, Integer::sum);
                }
            }
        }
        if (spellingsByPerson.size() != 1) {
            return Optional.empty();
        }
        return spellingsByPerson.values().iterator().next().entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }

    /** The words of {@code text} as the author field indexes them (lower-cased, accents folded). */
    private static List<String> tokens(Analyzer analyzer, String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(IndexDocuments.AUTHORS, new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        }
        return tokens;
    }
}
