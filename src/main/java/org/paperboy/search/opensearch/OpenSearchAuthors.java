package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.paperboy.catalog.PaperId;
import org.paperboy.search.AuthorLookup;
import org.paperboy.search.AuthorLookup.AuthorPapers;
import org.paperboy.search.AuthorLookup.Tally;

/** Author pages on OpenSearch: a term lookup on the exact name, co-authors and categories counted by aggregations. */
final class OpenSearchAuthors {

    private static final int SPELLINGS_SCANNED = 200;

    private final OpenSearchHttp http;
    private final String alias;

    OpenSearchAuthors(OpenSearchHttp http, String alias) {
        this.http = http;
        this.alias = alias;
    }

    AuthorPapers papers(String name, int offset, int limit, int maxTallied) {
        ObjectNode body = QueryBodies.object();
        body.put("from", offset).put("size", limit).put("track_total_hits", true).put("_source", false);
        body.set("query", QueryBodies.term(IndexLayout.AUTHOR_NAME, name));
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject(IndexLayout.PUBLISHED).put("order", "desc").put("missing", "_last");
        sort.addObject().putObject(IndexLayout.ID).put("order", "desc");
        ObjectNode aggs = body.putObject("aggs");
        aggs.set("coauthors", terms(IndexLayout.AUTHOR_NAME, maxTallied + 1));
        aggs.set("categories", terms(IndexLayout.CATEGORY_CODE, maxTallied));
        JsonNode answer = http.call("POST", "/" + alias + "/_search", body);
        int total = answer.path("hits").path("total").path("value").asInt(0);
        if (total == 0) {
            return new AuthorPapers(name, 0, List.of(), List.of(), List.of());
        }
        List<PaperId> page = new ArrayList<>();
        answer.path("hits").path("hits").forEach(hit -> page.add(new PaperId(hit.path("_id").asText())));
        List<Tally> coauthors = tallies(answer.path("aggregations").path("coauthors")).stream()
                .filter(t -> !t.value().equals(name)).limit(maxTallied).toList();
        return new AuthorPapers(name, total, page, coauthors, tallies(answer.path("aggregations").path("categories")));
    }

    List<String> spellings(String name) {
        String key = AuthorLookup.fold(name);
        ObjectNode body = QueryBodies.object();
        body.put("size", SPELLINGS_SCANNED).putArray("_source").add(IndexLayout.AUTHOR_NAME);
        body.set("query", QueryBodies.term(IndexLayout.AUTHOR_KEY, key));
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode hit : http.call("POST", "/" + alias + "/_search", body).path("hits").path("hits")) {
            for (JsonNode stored : hit.path("_source").path(IndexLayout.AUTHOR_NAME)) {
                if (AuthorLookup.fold(stored.asText()).equals(key)) {
                    names.add(stored.asText());
                }
            }
        }
        names.remove(name);
        return List.copyOf(names);
    }

    /** The most frequent first, ties by name, as the embedded index counts them. */
    private static ObjectNode terms(String field, int size) {
        ObjectNode terms = QueryBodies.object();
        terms.put("field", field).put("size", Math.max(1, size));
        ArrayNode order = terms.putArray("order");
        order.addObject().put("_count", "desc");
        order.addObject().put("_key", "asc");
        return QueryBodies.wrap("terms", terms);
    }

    private static List<Tally> tallies(JsonNode aggregation) {
        List<Tally> tallies = new ArrayList<>();
        aggregation.path("buckets").forEach(b -> tallies.add(new Tally(b.path("key").asText(), b.path("doc_count").asInt())));
        return tallies;
    }
}
