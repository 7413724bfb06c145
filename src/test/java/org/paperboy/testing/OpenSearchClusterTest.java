package org.paperboy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The shared OpenSearch cluster forms, answers k-NN (engine lucene) and match queries, and survives losing a node. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenSearchClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String INDEX = "/smoke-papers";

    private final OpenSearchCluster cluster = OpenSearchCluster.shared();

    @Test
    @Order(1)
    void twoNodesFormOneCluster() throws Exception {
        assertEquals(2, call("GET", "/_cluster/health", null).get("number_of_nodes").asInt());
    }

    @Test
    @Order(2)
    void answersKnnAndMatchQueriesAndStillAfterLosingANode() throws Exception {
        call("PUT", INDEX, """
                {"settings":{"index":{"knn":true,"number_of_shards":2,"number_of_replicas":1}},
                 "mappings":{"properties":{
                   "title":{"type":"text","analyzer":"english"},
                   "embedding":{"type":"knn_vector","dimension":3,"space_type":"innerproduct",
                     "method":{"name":"hnsw","engine":"lucene","parameters":{"m":16,"ef_construction":100}}}}}}
                """);
        call("PUT", INDEX + "/_doc/1?refresh=wait_for", "{\"title\":\"Graph neural networks\",\"embedding\":[1,0,0]}");
        call("PUT", INDEX + "/_doc/2?refresh=wait_for", "{\"title\":\"Protein folding\",\"embedding\":[0,1,0]}");
        call("PUT", INDEX + "/_doc/3?refresh=wait_for", "{\"title\":\"Neural protein design\",\"embedding\":[0,0.6,0.8]}");
        call("GET", "/_cluster/health" + INDEX + "?wait_for_status=green&timeout=60s", null);

        assertEquals(List.of("2", "3"), ids(knn()));
        assertEquals(Set.of("1", "3"), new TreeSet<>(ids(match())));

        // the harder case: the survivor has no cluster manager, yet reads go on (no_cluster_manager_block is "write")
        String manager = call("GET", "/_cat/cluster_manager?format=json", null).get(0).get("node").asText();
        cluster.stopNode(manager);
        try {
            assertEquals(List.of("2", "3"), ids(knn()));
            assertEquals(Set.of("1", "3"), new TreeSet<>(ids(match())));
        } finally {
            // the tests after this one get the whole cluster back
            cluster.restartNode(manager);
        }
        assertEquals(2, call("GET", "/_cluster/health", null).get("number_of_nodes").asInt());
        call("DELETE", INDEX, null);
    }

    private JsonNode knn() throws Exception {
        return call("POST", INDEX + "/_search",
                "{\"size\":2,\"query\":{\"knn\":{\"embedding\":{\"vector\":[0,1,0.1],\"k\":2}}}}");
    }

    private JsonNode match() throws Exception {
        return call("POST", INDEX + "/_search", "{\"query\":{\"match\":{\"title\":\"neural\"}}}");
    }

    private static List<String> ids(JsonNode searchResponse) {
        return searchResponse.path("hits").path("hits").valueStream().map(hit -> hit.get("_id").asText()).toList();
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        URI uri = cluster.anyRunningHost().resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
