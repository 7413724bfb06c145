package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one query may cost: the words it keeps, the terms of its keyword query, the text the model reads. */
class QueryBoundsTest {

    /** 230 words joined by hyphens: one clause for the parser, 230 words for the analyzer. */
    private static final String HYPHENATED = IntStream.range(0, 230).mapToObj(n -> "word" + Integer.toString(n, 26))
            .collect(Collectors.joining("-"));

    private final KeywordQueries queries = new KeywordQueries(Analyzers.perField(), Ranking.DEFAULT);

    @Test
    void aLongHyphenatedQueryKeepsItsFirstWordsOnly() {
        UserQuery query = UserQuery.parse(HYPHENATED);

        Query keyword = queries.keywordQuery(query, new MatchAllDocsQuery(), false);

        // Each word is looked for in three fields (title and abstract, title, authors).
        assertThat(termsOf(keyword)).isEqualTo(3 * UserQuery.MAX_WORDS);
        assertThat(termsOf(queries.highlightQuery(query))).isEqualTo(2 * UserQuery.MAX_WORDS);
        assertThat(query.semanticText()).as("what the embedding model reads")
                .startsWith("word0-word1-word2-").endsWith("-word15").hasSizeLessThanOrEqualTo(UserQuery.MAX_SEMANTIC_CHARS);
    }

    @Test
    void theBoundCountsWordsAcrossClausesAndLeavesOrdinaryQueriesWhole() {
        String words = IntStream.range(0, 40).mapToObj(n -> "w" + n).collect(Collectors.joining(" "));
        assertThat(UserQuery.parse(words).clauses()).hasSize(UserQuery.MAX_WORDS)
                .last().extracting(UserQuery.Clause::text).isEqualTo("w31");
        assertThat(UserQuery.parse("x".repeat(250) + " " + "y".repeat(250)).semanticText()).isEqualTo("x".repeat(250));
        assertThat(UserQuery.parse("ti:\"text-to-video generation\" diffusion -survey").clauses()).containsExactly(
                new UserQuery.Clause(UserQuery.Field.TITLE, "text-to-video generation", true, false),
                new UserQuery.Clause(UserQuery.Field.ANY, "diffusion", false, false),
                new UserQuery.Clause(UserQuery.Field.ANY, "survey", false, true));
    }

    @Test
    void theLongestQueryAllowedIsAnswered(@TempDir Path dir) {
        String longest = HYPHENATED.repeat(10).substring(0, SearchRequest.MAX_QUERY_CHARS);
        try (LuceneSearchIndex index = LuceneSearchIndex.open(dir)) {
            index.apply(List.of(LuceneSearchIndexTest.indexed(LuceneSearchIndexTest.paper("2501.00001",
                    "word0 and word1", "word2.", List.of(), List.of("cs.CL"), "2025-01-01"), null)), 1);
            for (SearchRequest.Sort sort : SearchRequest.Sort.values()) {
                SearchResults results = index.search(new SearchRequest(longest, SearchMode.KEYWORD, 10, 0,
                        java.util.Set.of(), null, null, sort), null);
                assertThat(LuceneSearchIndexTest.ids(results)).as(sort.name()).hasSize(sort == SearchRequest.Sort.DATE ? 0 : 1);
            }
        }
    }

    private static int termsOf(Query query) {
        AtomicInteger terms = new AtomicInteger();
        query.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query leaf, Term... found) {
                terms.addAndGet(found.length);
            }

            @Override
            public QueryVisitor getSubVisitor(Occur occur, Query parent) {
                return this;
            }
        });
        return terms.get();
    }
}
