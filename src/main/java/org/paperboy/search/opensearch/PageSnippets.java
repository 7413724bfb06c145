package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.catalog.PaperId;
import org.paperboy.search.Highlights;
import org.paperboy.search.SearchHit;

/**
 * The snippets of one page of results, asked of OpenSearch's unified highlighter as plain fragments with the matches
 * between {@link Highlights#START} and {@link Highlights#END} (characters the indexed text never holds), and made HTML
 * by {@link Highlights}: a title whole, an abstract in its two best sentences, as the embedded index marks them.
 */
final class PageSnippets {

    private final OpenSearchHttp http;
    private final String alias;

    PageSnippets(OpenSearchHttp http, String alias) {
        this.http = http;
        this.alias = alias;
    }

    List<SearchHit> of(List<OpenSearchRanker.Hit> page, ObjectNode highlightQuery) {
        Map<String, JsonNode> highlights = highlightQuery == null || page.isEmpty() ? Map.of() : fetch(page, highlightQuery);
        List<SearchHit> hits = new ArrayList<>(page.size());
        for (OpenSearchRanker.Hit hit : page) {
            JsonNode marked = highlights.getOrDefault(hit.id(), QueryBodies.object());
            hits.add(new SearchHit(new PaperId(hit.id()), hit.score(), snippet(marked.path(IndexLayout.TITLE)),
                    snippet(marked.path(IndexLayout.ABSTRACT))));
        }
        return hits;
    }

    private Map<String, JsonNode> fetch(List<OpenSearchRanker.Hit> page, ObjectNode highlightQuery) {
        ObjectNode body = QueryBodies.object();
        body.put("size", page.size()).put("_source", false);
        ArrayNode ids = body.putObject("query").putObject("ids").putArray("values");
        page.forEach(h -> ids.add(h.id()));
        ObjectNode highlight = body.putObject("highlight");
        highlight.set("highlight_query", highlightQuery);
        highlight.put("type", "unified").put("require_field_match", true).put("no_match_size", 0);
        highlight.putArray("pre_tags").add(String.valueOf(Highlights.START));
        highlight.putArray("post_tags").add(String.valueOf(Highlights.END));
        ObjectNode fields = highlight.putObject("fields");
        fields.putObject(IndexLayout.TITLE).put("number_of_fragments", 0);
        fields.putObject(IndexLayout.ABSTRACT).put("number_of_fragments", 2).put("fragment_size", 0)
                .put("boundary_scanner", "sentence");
        JsonNode answer = http.call("POST", "/" + alias + "/_search", body);
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            byId.put(hit.path("_id").asText(), hit.path("highlight"));
        }
        return byId;
    }

    private static String snippet(JsonNode fragments) {
        if (!fragments.isArray() || fragments.isEmpty()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        fragments.forEach(f -> texts.add(f.asText()));
        return Highlights.fromSentinels(texts);
    }
}
