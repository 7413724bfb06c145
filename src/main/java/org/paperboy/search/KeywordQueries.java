package org.paperboy.search;

import static org.paperboy.search.IndexDocuments.ABSTRACT;
import static org.paperboy.search.IndexDocuments.AUTHORS;
import static org.paperboy.search.IndexDocuments.ID;
import static org.paperboy.search.IndexDocuments.PUBLISHED;
import static org.paperboy.search.IndexDocuments.TEXT;
import static org.paperboy.search.IndexDocuments.TITLE;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.paperboy.catalog.PaperId;

/**
 * Turns a parsed {@link UserQuery} and a {@link SearchRequest}'s filters into Lucene queries over the index's fields:
 * the filter every mode applies, the BM25 query of keyword search, and the query that snippets highlight.
 */
final class KeywordQueries {

    private final Analyzer analyzer;
    private final Ranking ranking;

    KeywordQueries(Analyzer analyzer, Ranking ranking) {
        this.analyzer = analyzer;
        this.ranking = ranking;
    }

    /** Category and date filters from the request, plus cat:, id: and excluded clauses from the query text. */
    Query filter(SearchRequest request, UserQuery query) {
        BooleanQuery.Builder filter = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
        if (!request.categories().isEmpty()) {
            filter.add(new TermInSetQuery(IndexDocuments.CATEGORY, request.categories().stream()
                    .map(c -> new BytesRef(c.toLowerCase(Locale.ROOT))).toList()), Occur.FILTER);
        }
        if (request.from() != null || request.to() != null) {
            long from = request.from() == null ? Long.MIN_VALUE : request.from().toEpochDay();
            long to = request.to() == null ? Long.MAX_VALUE : request.to().toEpochDay();
            filter.add(LongPoint.newRangeQuery(PUBLISHED, from, to), Occur.FILTER);
        }
        for (UserQuery.Clause clause : query.clauses()) {
            Query exact = switch (clause.field()) {
                case CATEGORY -> new TermQuery(new Term(IndexDocuments.CATEGORY, clause.text().toLowerCase(Locale.ROOT)));
                case ID -> new TermQuery(new Term(ID, PaperId.tryParse(clause.text()).map(PaperId::value).orElse(clause.text())));
                default -> clause.excluded() ? textQuery(clause, Occur.SHOULD) : null;
            };
            if (exact != null) {
                filter.add(exact, clause.excluded() ? Occur.MUST_NOT : Occur.FILTER);
            }
        }
        return filter.build();
    }

    /**
     * Words and phrases: plain ones should match (ranked by BM25), fielded ones must; filters always apply. With
     * {@code everyWord}, plain words must match too: what a list that is not ranked by relevance needs instead.
     */
    Query keywordQuery(UserQuery query, Query filter, boolean everyWord) {
        BooleanQuery.Builder scored = new BooleanQuery.Builder();
        boolean any = false;
        for (UserQuery.Clause clause : query.clauses()) {
            if (clause.excluded() || clause.field() == UserQuery.Field.CATEGORY || clause.field() == UserQuery.Field.ID) {
                continue;
            }
            Query q = textQuery(clause, everyWord ? Occur.MUST : Occur.SHOULD);
            if (q != null) {
                scored.add(q, clause.field() == UserQuery.Field.ANY && !everyWord ? Occur.SHOULD : Occur.MUST);
                any = true;
            }
        }
        BooleanQuery.Builder full = new BooleanQuery.Builder().add(filter, Occur.FILTER);
        if (any) {
            full.add(scored.build(), Occur.MUST);
        }
        return full.build();
    }

    /**
     * One clause as a query on its field(s); null when analysis leaves nothing (a stop word, punctuation).
     * {@code words} says whether each word of a clause that analyzes into several ("text-to-video") must match.
     */
    private Query textQuery(UserQuery.Clause clause, Occur words) {
        return switch (clause.field()) {
            case TITLE -> analyzed(TITLE, clause, words);
            case ABSTRACT -> analyzed(ABSTRACT, clause, words);
            case AUTHORS -> analyzed(AUTHORS, clause, words);
            case CATEGORY, ID -> null;
            case ANY -> {
                BooleanQuery.Builder any = new BooleanQuery.Builder();
                boolean matched = false;
                for (Map.Entry<String, Float> field : Map.of(TEXT, 1f, TITLE, ranking.titleBoost(),
                        AUTHORS, ranking.authorBoost()).entrySet()) {
                    Query q = field.getValue() > 0 ? analyzed(field.getKey(), clause, words) : null;
                    if (q != null) {
                        any.add(field.getValue() == 1f ? q : new BoostQuery(q, field.getValue()), Occur.SHOULD);
                        matched = true;
                    }
                }
                yield matched ? any.build() : null;
            }
        };
    }

    private Query analyzed(String field, UserQuery.Clause clause, Occur words) {
        QueryBuilder builder = new QueryBuilder(analyzer);
        return clause.phrase() ? builder.createPhraseQuery(field, clause.text())
                : builder.createBooleanQuery(field, clause.text(), words);
    }

    /** What snippets mark: the words and phrases asked for, in the title and abstract fields themselves. */
    Query highlightQuery(UserQuery query) {
        BooleanQuery.Builder highlight = new BooleanQuery.Builder();
        boolean any = false;
        for (UserQuery.Clause clause : query.clauses()) {
            if (clause.excluded()) {
                continue;
            }
            for (String field : switch (clause.field()) {
                case ANY -> List.of(TITLE, ABSTRACT);
                case TITLE -> List.of(TITLE);
                case ABSTRACT -> List.of(ABSTRACT);
                default -> List.<String>of();
            }) {
                Query q = analyzed(field, clause, Occur.SHOULD);
                if (q != null) {
                    highlight.add(q, Occur.SHOULD);
                    any = true;
                }
            }
        }
        return any ? highlight.build() : null;
    }
}
