package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.search.EffectiveMode;
import org.paperboy.search.Fusion;
import org.paperboy.search.Ranking;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.UserQuery;

/**
 * The ranked list a search pages through, on OpenSearch, with the embedded index's semantics: BM25, kNN with the
 * filters inside it (efficient filtering), hybrid as both sent in one {@code _msearch} and merged here by the shared
 * {@link Fusion}, and the orders by date.
 */
final class OpenSearchRanker {

    /** A ranked paper: its id, score, and publication day (epoch day; an undated paper is older than any). */
    record Hit(String id, float score, long day) {}

    record Ranked(List<Hit> hits, long total, boolean partial) {
        static final Ranked EMPTY = new Ranked(List.of(), 0, false);

        /** Newest first; equal days keep their relevance order. The total is the pool listed. */
        Ranked newestFirst() {
            List<Hit> sorted = new ArrayList<>(hits);
            sorted.sort(Comparator.comparingLong(Hit::day).reversed());
            return new Ranked(sorted, sorted.size(), partial);
        }
    }

    private final OpenSearchHttp http;
    private final QueryBodies queries;
    private final Ranking ranking;
    private final String alias;

    OpenSearchRanker(OpenSearchHttp http, QueryBodies queries, Ranking ranking, String alias) {
        this.http = http;
        this.queries = queries;
        this.ranking = ranking;
        this.alias = alias;
    }

    Ranked rank(SearchRequest request, UserQuery query, EffectiveMode effective, int wanted) {
        ObjectNode filter = queries.filter(request, query);
        SearchMode mode = effective.mode();
        if (query.isEmpty() && mode != SearchMode.SEMANTIC) {
            boolean nothingAsked = request.categories().isEmpty() && request.from() == null && request.to() == null
                    && query.clauses().isEmpty();
            return nothingAsked ? Ranked.EMPTY : search(newestFirst(filter, wanted));
        } else if (mode == SearchMode.KEYWORD && request.sort() == SearchRequest.Sort.DATE) {
            return search(newestFirst(queries.keyword(query, filter, true), wanted));
        } else if (request.sort() == SearchRequest.Sort.DATE) {
            return relevant(query, effective, filter, ranking.candidates()).newestFirst();
        } else {
            return relevant(query, effective, filter, wanted);
        }
    }

    private Ranked relevant(UserQuery query, EffectiveMode effective, ObjectNode filter, int n) {
        ObjectNode keyword = body(queries.keyword(query, filter, false), n);
        return switch (effective.mode()) {
            case KEYWORD -> search(keyword);
            case SEMANTIC -> effective.findsNothing() ? Ranked.EMPTY : search(knn(effective.vector(), filter, n));
            case HYBRID -> {
                int candidates = Math.max(ranking.candidates(), n);
                List<Ranked> both = msearch(body(queries.keyword(query, filter, false), candidates),
                        knn(effective.vector(), filter, candidates));
                yield fuse(both.get(0), both.get(1), n);
            }
        };
    }

    /** The {@code n} nearest papers to {@code vector} that pass {@code filter}. */
    ObjectNode knn(float[] vector, ObjectNode filter, int n) {
        ObjectNode field = QueryBodies.object();
        ArrayNode values = field.putArray("vector");
        for (float x : vector) {
            values.add(x);
        }
        field.put("k", n);
        field.set("filter", filter);
        ObjectNode body = body(QueryBodies.wrap("knn", QueryBodies.wrap(IndexLayout.VECTOR, field)), n);
        body.put("track_total_hits", false);
        return body;
    }

    private ObjectNode body(ObjectNode query, int size) {
        ObjectNode body = QueryBodies.object();
        body.put("size", size).put("track_total_hits", true).put("timeout", ranking.timeoutMillis() + "ms");
        body.putArray("_source").add(IndexLayout.PUBLISHED);
        body.set("query", query);
        return body;
    }

    private ObjectNode newestFirst(ObjectNode query, int n) {
        ObjectNode body = body(query, n);
        body.put("track_scores", true);
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject(IndexLayout.PUBLISHED).put("order", "desc").put("missing", "_last");
        sort.add("_score");
        return body;
    }

    Ranked search(ObjectNode body) {
        return ranked(http.call("POST", "/" + alias + "/_search", body), body.has("query")
                && body.get("query").has("knn"));
    }

    private List<Ranked> msearch(ObjectNode... bodies) {
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        for (ObjectNode body : bodies) {
            ndjson.writeBytes(("{\"index\":\"" + alias + "\"}\n").getBytes(StandardCharsets.UTF_8));
            ndjson.writeBytes((OpenSearchHttp.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        JsonNode responses = http.ndjson("/_msearch", ndjson.toByteArray()).path("responses");
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            JsonNode response = responses.path(i);
            if (response.has("error")) {
                throw new OpenSearchHttp.OpenSearchException(response.path("status").asInt(), "OpenSearch search failed: "
                        + response.path("error"));
            }
            ranked.add(ranked(response, bodies[i].get("query").has("knn")));
        }
        return ranked;
    }

    private static Ranked ranked(JsonNode response, boolean byVector) {
        List<Hit> hits = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            String published = hit.path("_source").path(IndexLayout.PUBLISHED).asText("");
            float score = (float) hit.path("_score").asDouble(0);
            hits.add(new Hit(hit.path("_id").asText(), byVector ? similarity(score) : score,
                    published.isEmpty() ? Long.MIN_VALUE : LocalDate.parse(published).toEpochDay()));
        }
        long total = byVector ? hits.size() : response.path("hits").path("total").path("value").asLong(hits.size());
        return new Ranked(hits, total, response.path("timed_out").asBoolean(false));
    }

    /**
     * The embedded index's score for a vector match, {@code (1 + cosine) / 2}, from the k-NN plugin's inner-product
     * score ({@code 1 + d} for a positive inner product d, {@code 1 / (1 - d)} for a negative one), so that both
     * engines report the same scores and fuse them the same way.
     */
    static float similarity(float openSearchScore) {
        double d = openSearchScore >= 1 ? openSearchScore - 1 : 1 - 1 / (double) openSearchScore;
        return (float) Math.max(0, (1 + d) / 2);
    }

    private Ranked fuse(Ranked keyword, Ranked semantic, int n) {
        Map<String, Long> days = new HashMap<>();
        keyword.hits().forEach(h -> days.put(h.id(), h.day()));
        semantic.hits().forEach(h -> days.put(h.id(), h.day()));
        List<Hit> fused = ranking.fusion().fuse(scored(keyword), scored(semantic), n).stream()
                .map(s -> new Hit(s.id(), s.score(), days.get(s.id())))
                .toList();
        return new Ranked(fused, Math.max(keyword.total(), fused.size()), keyword.partial() || semantic.partial());
    }

    private static List<Fusion.Scored<String>> scored(Ranked ranked) {
        return ranked.hits().stream().map(h -> new Fusion.Scored<>(h.id(), h.score())).toList();
    }
}
