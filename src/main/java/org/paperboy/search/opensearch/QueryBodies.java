package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.paperboy.catalog.PaperId;
import org.paperboy.search.Ranking;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.UserQuery;

/**
 * A parsed {@link UserQuery} and a request's filters as OpenSearch query DSL, clause for clause what the embedded
 * index builds: the filter every mode applies (inside kNN too), the BM25 query, and the query snippets mark. A clause
 * whose words analysis drops entirely (stop words, punctuation) is left out, as the embedded index leaves it out, so
 * that it neither matches nothing nor requires anything: this runs the same analyzers in process to know.
 */
final class QueryBodies {

    private final Ranking ranking;
    private final Analyzer prose = new EnglishAnalyzer();
    private final Analyzer names = namesAnalyzer();

    QueryBodies(Ranking ranking) {
        this.ranking = ranking;
    }

    /** The author field's analysis (lower-cased, accents folded), run in process. */
    Analyzer names() {
        return names;
    }

    /** Category and date filters from the request, plus cat:, id: and excluded clauses from the query text. */
    ObjectNode filter(SearchRequest request, UserQuery query) {
        ObjectNode bool = object();
        ArrayNode filter = bool.putArray("filter");
        ArrayNode mustNot = bool.putArray("must_not");
        if (!request.categories().isEmpty()) {
            ArrayNode categories = filter.addObject().putObject("terms").putArray(IndexLayout.CATEGORY);
            request.categories().forEach(c -> categories.add(c.toLowerCase(Locale.ROOT)));
        }
        if (request.from() != null || request.to() != null) {
            ObjectNode range = filter.addObject().putObject("range").putObject(IndexLayout.PUBLISHED);
            if (request.from() != null) {
                range.put("gte", request.from().toString());
            }
            if (request.to() != null) {
                range.put("lte", request.to().toString());
            }
        }
        for (UserQuery.Clause clause : query.clauses()) {
            ObjectNode exact = switch (clause.field()) {
                case CATEGORY -> term(IndexLayout.CATEGORY, clause.text().toLowerCase(Locale.ROOT));
                case ID -> term(IndexLayout.ID, PaperId.tryParse(clause.text()).map(PaperId::value).orElse(clause.text()));
                default -> clause.excluded() ? textQuery(clause, false) : null;
            };
            if (exact != null) {
                (clause.excluded() ? mustNot : filter).add(exact);
            }
        }
        return wrap("bool", bool);
    }

    /**
     * Words and phrases: plain ones should match (ranked by BM25), fielded ones must; the filter always applies. With
     * {@code everyWord}, plain words must match too (a list not ranked by relevance).
     */
    ObjectNode keyword(UserQuery query, ObjectNode filter, boolean everyWord) {
        ObjectNode scored = object();
        boolean any = false;
        for (UserQuery.Clause clause : query.clauses()) {
            if (clause.excluded() || clause.field() == UserQuery.Field.CATEGORY || clause.field() == UserQuery.Field.ID) {
                continue;
            }
            ObjectNode q = textQuery(clause, everyWord);
            if (q != null) {
                boolean should = clause.field() == UserQuery.Field.ANY && !everyWord;
                scored.withArray(should ? "should" : "must").add(q);
                any = true;
            }
        }
        ObjectNode full = object();
        full.putArray("filter").add(filter);
        if (any) {
            full.putArray("must").add(wrap("bool", scored));
        }
        return wrap("bool", full);
    }

    /** What snippets mark: the words and phrases asked for, in the title and abstract fields themselves; or null. */
    ObjectNode highlight(UserQuery query) {
        ObjectNode bool = object();
        boolean any = false;
        for (UserQuery.Clause clause : query.clauses()) {
            if (clause.excluded()) {
                continue;
            }
            List<String> fields = switch (clause.field()) {
                case ANY -> List.of(IndexLayout.TITLE, IndexLayout.ABSTRACT);
                case TITLE -> List.of(IndexLayout.TITLE);
                case ABSTRACT -> List.of(IndexLayout.ABSTRACT);
                default -> List.of();
            };
            for (String field : fields) {
                ObjectNode q = analyzed(field, clause, false);
                if (q != null) {
                    bool.withArray("should").add(q);
                    any = true;
                }
            }
        }
        return any ? wrap("bool", bool) : null;
    }

    /** One clause on its field(s); null when analysis leaves nothing. {@code everyWord}: all its words must match. */
    private ObjectNode textQuery(UserQuery.Clause clause, boolean everyWord) {
        return switch (clause.field()) {
            case TITLE -> analyzed(IndexLayout.TITLE, clause, everyWord);
            case ABSTRACT -> analyzed(IndexLayout.ABSTRACT, clause, everyWord);
            case AUTHORS -> analyzed(IndexLayout.AUTHORS, clause, everyWord);
            case CATEGORY, ID -> null;
            case ANY -> {
                Map<String, Float> weights = new LinkedHashMap<>();
                weights.put(IndexLayout.TEXT, 1f);
                weights.put(IndexLayout.TITLE, ranking.titleBoost());
                weights.put(IndexLayout.AUTHORS, ranking.authorBoost());
                ObjectNode any = object();
                boolean matched = false;
                for (Map.Entry<String, Float> field : weights.entrySet()) {
                    ObjectNode q = field.getValue() > 0 ? analyzed(field.getKey(), clause, everyWord) : null;
                    if (q != null) {
                        if (field.getValue() != 1f) {
                            ((ObjectNode) q.elements().next().elements().next()).put("boost", field.getValue());
                        }
                        any.withArray("should").add(q);
                        matched = true;
                    }
                }
                yield matched ? wrap("bool", any) : null;
            }
        };
    }

    private ObjectNode analyzed(String field, UserQuery.Clause clause, boolean everyWord) {
        if (!hasTokens(field, clause.text())) {
            return null;
        }
        ObjectNode match = object().put("query", clause.text());
        if (!clause.phrase()) {
            match.put("operator", everyWord ? "and" : "or");
        }
        return wrap(clause.phrase() ? "match_phrase" : "match", wrap(field, match));
    }

    private boolean hasTokens(String field, String text) {
        try (TokenStream tokens = (IndexLayout.AUTHORS.equals(field) ? names : prose).tokenStream(field, text)) {
            tokens.reset();
            boolean any = tokens.incrementToken();
            while (tokens.incrementToken()) {
                // read to the end, as a token stream must be
            }
            tokens.end();
            return any;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode term(String field, String value) {
        return wrap("term", object().put(field, value));
    }

    static ObjectNode wrap(String name, ObjectNode inner) {
        ObjectNode node = object();
        node.set(name, inner);
        return node;
    }

    static ObjectNode object() {
        return OpenSearchHttp.JSON.createObjectNode();
    }

    private static Analyzer namesAnalyzer() {
        try {
            return CustomAnalyzer.builder().withTokenizer("standard").addTokenFilter("lowercase")
                    .addTokenFilter("asciifolding").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
