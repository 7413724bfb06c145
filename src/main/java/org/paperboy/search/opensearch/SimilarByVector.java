package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.paperboy.catalog.PaperId;
import org.paperboy.search.MeanVector;
import org.paperboy.search.SearchHit;

/**
 * The papers nearest to some papers, as the embedded index finds them: by the mean of their stored vectors (scaled back
 * to unit length), or by more-like-this over their text when none has a vector yet; never one of the papers
 * themselves.
 */
final class SimilarByVector {

    /** The papers whose text more-like-this reads, at most. */
    private static final int MAX_TEXT_SEEDS = 20;

    private final OpenSearchHttp http;
    private final OpenSearchRanker ranker;
    private final String alias;

    SimilarByVector(OpenSearchHttp http, OpenSearchRanker ranker, String alias) {
        this.http = http;
        this.ranker = ranker;
        this.alias = alias;
    }

    List<SearchHit> of(Collection<PaperId> seeds, int limit) {
        SortedSet<String> ids = new TreeSet<>();
        seeds.forEach(id -> ids.add(id.value()));
        List<JsonNode> found = sources(ids);
        if (found.isEmpty()) {
            return List.of();
        }
        ObjectNode notThem = QueryBodies.object();
        ArrayNode values = notThem.putObject("bool").putArray("must_not").addObject().putObject("ids").putArray("values");
        ids.forEach(values::add);
        Optional<float[]> mean = meanVector(found);
        OpenSearchRanker.Ranked ranked;
        if (mean.isPresent()) {
            ranked = ranker.search(ranker.knn(mean.get(), notThem, limit));
        } else {
            ranked = ranker.search(moreLikeThis(found, notThem, limit));
        }
        return ranked.hits().stream().map(h -> new SearchHit(new PaperId(h.id()), h.score(), null, null)).toList();
    }

    Optional<float[]> vectorOf(PaperId id) {
        List<JsonNode> found = sources(Set.of(id.value()));
        return found.isEmpty() ? Optional.empty() : vector(found.getFirst());
    }

    /** The stored documents of these ids that the index has. */
    private List<JsonNode> sources(Collection<String> ids) {
        ObjectNode body = QueryBodies.object();
        ArrayNode list = body.putArray("ids");
        ids.forEach(list::add);
        JsonNode answer = http.call("POST", "/" + alias + "/_mget?_source_includes=" + IndexLayout.VECTOR + ","
                + IndexLayout.TITLE + "," + IndexLayout.ABSTRACT, body);
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode doc : answer.path("docs")) {
            if (doc.path("found").asBoolean(false)) {
                found.add(doc.path("_source"));
            }
        }
        return found;
    }

    private static Optional<float[]> vector(JsonNode source) {
        JsonNode values = source.path(IndexLayout.VECTOR);
        if (!values.isArray() || values.isEmpty()) {
            return Optional.empty();
        }
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) values.get(i).asDouble();
        }
        return Optional.of(vector);
    }

    private static Optional<float[]> meanVector(List<JsonNode> sources) {
        return MeanVector.of(sources.stream().map(SimilarByVector::vector).flatMap(Optional::stream).toList());
    }

    private static ObjectNode moreLikeThis(List<JsonNode> sources, ObjectNode notThem, int limit) {
        StringBuilder text = new StringBuilder();
        for (JsonNode source : sources.subList(0, Math.min(MAX_TEXT_SEEDS, sources.size()))) {
            text.append(source.path(IndexLayout.TITLE).asText()).append('\n')
                    .append(source.path(IndexLayout.ABSTRACT).asText()).append('\n');
        }
        ObjectNode mlt = QueryBodies.object();
        mlt.putArray("fields").add(IndexLayout.TEXT);
        mlt.put("like", text.toString()).put("min_term_freq", 1).put("min_doc_freq", 2).put("max_query_terms", 30);
        ObjectNode bool = QueryBodies.object();
        bool.putArray("must").add(QueryBodies.wrap("more_like_this", mlt));
        bool.putArray("filter").add(notThem);
        ObjectNode body = QueryBodies.object();
        body.put("size", limit).putArray("_source").add(IndexLayout.PUBLISHED);
        body.set("query", QueryBodies.wrap("bool", bool));
        return body;
    }
}
