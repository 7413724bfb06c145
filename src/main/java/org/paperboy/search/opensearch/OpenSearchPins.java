package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.paperboy.search.PastedIdentifier;
import org.paperboy.search.QueryReading;
import org.paperboy.search.UserQuery;
import org.paperboy.search.opensearch.OpenSearchRanker.Hit;
import org.paperboy.search.opensearch.OpenSearchRanker.Ranked;

/**
 * The papers a query names outright, which come before everything ranking finds, as the embedded index pins them: the
 * paper of a pasted identifier; the papers of the one person whose name the whole query is (newest first), when the
 * words occur as that author's name more often than as prose; the papers (three at most) whose title the whole query
 * is, but for case, spaces and punctuation.
 */
final class OpenSearchPins {

    private static final int MAX_NAME_WORDS = 5;
    private static final int PAPERS_READ = 50;
    private static final int MAX_TITLED = 3;

    /** Pinned papers, and what the query was read as. */
    record Pins(Ranked ranked, QueryReading reading) {
        static final Pins NONE = new Pins(Ranked.EMPTY, QueryReading.LITERAL);
    }

    private final OpenSearchHttp http;
    private final String alias;
    private final Analyzer names;

    OpenSearchPins(OpenSearchHttp http, String alias, Analyzer names) {
        this.http = http;
        this.alias = alias;
        this.names = names;
    }

    Pins find(String text, UserQuery query, ObjectNode filter, int wanted) {
        Optional<PastedIdentifier> pasted = PastedIdentifier.of(text);
        if (pasted.isPresent()) {
            ObjectNode named = pasted.get().arxivId() != null
                    ? QueryBodies.term(IndexLayout.ID, pasted.get().arxivId().value())
                    : QueryBodies.term(IndexLayout.DOI, pasted.get().doi());
            Ranked docs = search(filtered(named, filter), wanted, false);
            return new Pins(docs, new QueryReading(pasted.get(), count(named) > 0, null, null));
        }
        if (query.clauses().isEmpty() || query.clauses().stream()
                .anyMatch(c -> c.field() != UserQuery.Field.ANY || c.excluded() || c.phrase())) {
            return Pins.NONE;
        }
        String words = query.clauses().stream().map(UserQuery.Clause::text).collect(Collectors.joining(" "));
        Optional<String> author = onePerson(words);
        if (author.isPresent()) {
            Ranked docs = search(filtered(phrase(IndexLayout.AUTHORS, words), filter), wanted, true);
            return new Pins(docs, new QueryReading(null, false, author.get(), null));
        }
        List<Hit> titled = new ArrayList<>();
        JsonNode answer = http.call("POST", "/" + alias + "/_search",
                body(filtered(phrase(IndexLayout.TITLE, words), filter), MAX_TITLED + 1, false, IndexLayout.TITLE));
        for (JsonNode hit : answer.path("hits").path("hits")) {
            if (normalized(hit.path("_source").path(IndexLayout.TITLE).asText()).equals(normalized(words))) {
                titled.add(hitOf(hit));
            }
        }
        return titled.isEmpty() || titled.size() > MAX_TITLED ? Pins.NONE
                : new Pins(new Ranked(titled, titled.size(), false), QueryReading.LITERAL);
    }

    /** The author's name as most papers write it, if the words are one person's name and used more as a name. */
    private Optional<String> onePerson(String text) {
        List<String> words = tokens(text);
        if (words.isEmpty() || words.size() > MAX_NAME_WORDS) {
            return Optional.empty();
        }
        long authored = count(phrase(IndexLayout.AUTHORS, text));
        if (authored == 0 || count(phrase(IndexLayout.TEXT, text)) > authored) {
            return Optional.empty();
        }
        Map<String, Map<String, Integer>> spellingsByPerson = new HashMap<>();
        JsonNode answer = http.call("POST", "/" + alias + "/_search",
                body(phrase(IndexLayout.AUTHORS, text), PAPERS_READ, false, IndexLayout.AUTHORS));
        for (JsonNode hit : answer.path("hits").path("hits")) {
            for (JsonNode author : hit.path("_source").path(IndexLayout.AUTHORS)) {
                List<String> tokens = tokens(author.asText());
                if (Collections.indexOfSubList(tokens, words) >= 0) {
                    spellingsByPerson.computeIfAbsent(String.join(" ", tokens), k -> new HashMap<>())
                            .merge(author.asText(), 1, Integer::sum);
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

    private Ranked search(ObjectNode query, int size, boolean newestFirst) {
        List<Hit> hits = new ArrayList<>();
        JsonNode answer = http.call("POST", "/" + alias + "/_search", body(query, size, newestFirst, IndexLayout.PUBLISHED));
        answer.path("hits").path("hits").forEach(hit -> hits.add(hitOf(hit)));
        return new Ranked(hits, hits.size(), false);
    }

    private static Hit hitOf(JsonNode hit) {
        String published = hit.path("_source").path(IndexLayout.PUBLISHED).asText("");
        double score = hit.path("_score").asDouble(0);
        return new Hit(hit.path("_id").asText(), Double.isNaN(score) ? 0 : (float) score,
                published.isEmpty() ? Long.MIN_VALUE : java.time.LocalDate.parse(published).toEpochDay());
    }

    private static ObjectNode body(ObjectNode query, int size, boolean newestFirst, String field) {
        ObjectNode body = QueryBodies.object();
        body.put("size", size);
        ArrayNode source = body.putArray("_source").add(field);
        if (!field.equals(IndexLayout.PUBLISHED)) {
            source.add(IndexLayout.PUBLISHED);
        }
        body.set("query", query);
        if (newestFirst) {
            body.putArray("sort").addObject().putObject(IndexLayout.PUBLISHED).put("order", "desc").put("missing", "_last");
        }
        return body;
    }

    private long count(ObjectNode query) {
        ObjectNode body = QueryBodies.object();
        body.set("query", query);
        return http.call("POST", "/" + alias + "/_count", body).path("count").asLong();
    }

    private static ObjectNode phrase(String field, String text) {
        return QueryBodies.wrap("match_phrase", QueryBodies.object().put(field, text));
    }

    private static ObjectNode filtered(ObjectNode query, ObjectNode filter) {
        ObjectNode bool = QueryBodies.object();
        bool.putArray("must").add(query);
        bool.putArray("filter").add(filter);
        return QueryBodies.wrap("bool", bool);
    }

    /** Letters and digits only, lower-cased. */
    private static String normalized(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
    }

    /** The words of {@code text} as the author field indexes them (lower-cased, accents folded). */
    private List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = names.tokenStream(IndexLayout.AUTHORS, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }
}
