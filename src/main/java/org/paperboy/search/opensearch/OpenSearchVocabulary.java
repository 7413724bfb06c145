package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.search.SpellingCorrection;

/**
 * The OpenSearch index's vocabulary for {@link SpellingCorrection}: its {@code words} field, with the term suggester
 * (Lucene's DirectSpellChecker on the cluster, with the embedded index's settings: two edits, more popular words).
 */
record OpenSearchVocabulary(OpenSearchHttp http, String alias) implements SpellingCorrection.Vocabulary {

    @Override
    public long papers() {
        return count(null);
    }

    @Override
    public long papersWith(String word) {
        return count(QueryBodies.term(IndexLayout.WORDS, word));
    }

    @Override
    public List<SpellingCorrection.Suggestion> moreCommonNear(String word) {
        ObjectNode term = QueryBodies.object();
        term.put("field", IndexLayout.WORDS).put("suggest_mode", "popular").put("size", SpellingCorrection.SUGGESTIONS)
                .put("max_edits", 2).put("string_distance", "internal");
        ObjectNode body = QueryBodies.object();
        body.put("size", 0);
        body.putObject("suggest").putObject("word").put("text", word).set("term", term);
        JsonNode answer = http.call("POST", "/" + alias + "/_search", body);
        List<SpellingCorrection.Suggestion> suggestions = new ArrayList<>();
        for (JsonNode entry : answer.path("suggest").path("word")) {
            for (JsonNode option : entry.path("options")) {
                suggestions.add(new SpellingCorrection.Suggestion(option.path("text").asText(), option.path("freq").asLong()));
            }
        }
        return suggestions;
    }

    @Override
    public long papersWithEveryWord(String text) {
        ObjectNode match = QueryBodies.object();
        match.putObject(IndexLayout.WORDS).put("query", text).put("operator", "and");
        return count(QueryBodies.wrap("match", match));
    }

    @Override
    public boolean writtenInTitleOrAuthors(String text) {
        for (String field : List.of(IndexLayout.AUTHORS, IndexLayout.TITLE)) {
            if (count(QueryBodies.wrap("match_phrase", QueryBodies.object().put(field, text))) > 0) {
                return true;
            }
        }
        return false;
    }

    private long count(ObjectNode query) {
        ObjectNode body = QueryBodies.object();
        if (query != null) {
            body.set("query", query);
        }
        return http.call("POST", "/" + alias + "/_count", body).path("count").asLong();
    }
}
