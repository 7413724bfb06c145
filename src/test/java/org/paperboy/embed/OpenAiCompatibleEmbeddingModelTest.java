package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible client against a real HTTP server on a loopback port (the JDK's HttpServer), which answers
 * like an embeddings endpoint with deterministic, deliberately unnormalised vectors derived from each input.
 */
class OpenAiCompatibleEmbeddingModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIMENSION = 6;

    private HttpServer server;
    private String baseUrl;
    /** How the server answers; tests change it. */
    private final AtomicReference<Handler> behaviour = new AtomicReference<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    interface Handler {
        void handle(HttpExchange exchange, JsonNode request) throws IOException;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            try {
                paths.add(exchange.getRequestURI().getPath());
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                requests.add(request);
                behaviour.get().handle(exchange, request);
            } finally {
                exchange.close();
            }
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        behaviour.set(OpenAiCompatibleEmbeddingModelTest::embeddings);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Deterministic vector of a text: components from its characters, scaled so that the norm is not 1. */
    static float[] vectorOf(String text, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < text.length(); i++) {
            v[i % dimension] += (text.charAt(i) % 17) + 1;
        }
        return v;
    }

    /** A well-behaved endpoint, answering items in reverse order (clients must use "index"). */
    static void embeddings(HttpExchange exchange, JsonNode request) throws IOException {
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/embeddings")) {
            send(exchange, 404, "{\"error\": {\"message\": \"no route " + exchange.getRequestURI().getPath() + "\"}}");
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("object", "list");
        response.put("model", request.get("model").asText());
        ArrayNode data = response.putArray("data");
        List<JsonNode> inputs = new ArrayList<>();
        request.get("input").forEach(inputs::add);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            order.add(i);
        }
        Collections.reverse(order);
        for (int i : order) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            ArrayNode embedding = item.putArray("embedding");
            for (float f : vectorOf(inputs.get(i).asText(), DIMENSION)) {
                embedding.add(f);
            }
        }
        send(exchange, 200, response.toString());
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private OpenAiCompatibleEmbeddingModel model(OpenAiCompatibleEmbeddingModel.Config config) {
        return new OpenAiCompatibleEmbeddingModel(config);
    }

    private OpenAiCompatibleEmbeddingModel.Config config() {
        return OpenAiCompatibleEmbeddingModel.Config.of(baseUrl, "BAAI/bge-small-en-v1.5");
    }

    @Test
    void postsModelAndInputsAndReturnsNormalisedVectorsInInputOrder() {
        try (var model = model(config())) {
            List<float[]> vectors = model.embedDocuments(List.of("first text", "second, longer text", "third"));

            assertThat(vectors).hasSize(3);
            List<String> texts = List.of("first text", "second, longer text", "third");
            for (int i = 0; i < 3; i++) {
                assertThat(Vectors.norm(vectors.get(i))).isCloseTo(1.0, within(1e-6));
                assertThat(vectors.get(i)).containsExactly(Vectors.normalize(vectorOf(texts.get(i), DIMENSION)));
            }
            assertThat(model.dimension()).isEqualTo(DIMENSION);
            assertThat(model.name()).isEqualTo("BAAI/bge-small-en-v1.5");
            JsonNode request = requests.getFirst();
            assertThat(request.get("model").asText()).isEqualTo("BAAI/bge-small-en-v1.5");
            assertThat(request.get("input")).hasSize(3);
            assertThat(request.get("input").get(1).asText()).isEqualTo("second, longer text");
            assertThat(paths).containsOnly("/v1/embeddings");
            assertThat(authorizations).containsOnly("null");
        }
    }

    @Test
    void sendsTheBearerKeyAndPrefixesQueriesOnly() {
        try (var model = model(config().withApiKey("secret-key").withQueryPrefix("query: "))) {
            float[] query = model.embedQuery("protein folding");
            float[] document = model.embedDocument("protein folding");

            assertThat(requests.get(0).get("input").get(0).asText()).isEqualTo("query: protein folding");
            assertThat(requests.get(1).get("input").get(0).asText()).isEqualTo("protein folding");
            assertThat(query).isNotEqualTo(document);
            assertThat(authorizations).containsOnly("Bearer secret-key");
        }
    }

    @Test
    void splitsLargeInputsIntoRequestsOfAtMostMaxBatch() {
        try (var model = model(config().withMaxBatch(2))) {
            List<float[]> vectors = model.embedDocuments(List.of("a", "b", "c", "d", "e"));

            assertThat(vectors).hasSize(5);
            assertThat(requests).extracting(r -> r.get("input").size()).containsExactly(2, 2, 1);
            assertThat(vectors.get(4)).containsExactly(Vectors.normalize(vectorOf("e", DIMENSION)));
        }
    }

    @Test
    void acceptsBaseUrlsWithV1OrTheFullPath() {
        assertThat(OpenAiCompatibleEmbeddingModel.endpointOf("http://gpu:8000").toString())
                .isEqualTo("http://gpu:8000/v1/embeddings");
        assertThat(OpenAiCompatibleEmbeddingModel.endpointOf("http://gpu:8000/v1/").toString())
                .isEqualTo("http://gpu:8000/v1/embeddings");
        assertThat(OpenAiCompatibleEmbeddingModel.endpointOf("https://api.example.com/openai/v1/embeddings").toString())
                .isEqualTo("https://api.example.com/openai/v1/embeddings");
        assertThatThrownBy(() -> OpenAiCompatibleEmbeddingModel.endpointOf("ftp://gpu"))
                .isInstanceOf(EmbeddingException.class).hasMessageContaining("expected http://");
        try (var model = model(OpenAiCompatibleEmbeddingModel.Config.of(baseUrl + "/v1", "m"))) {
            assertThat(model.embedDocument("x")).hasSize(DIMENSION);
        }
    }

    @Test
    void learnsTheDimensionByAskingWhenNoneIsConfigured() {
        try (var model = model(config())) {
            assertThat(model.dimension()).isEqualTo(DIMENSION);
            assertThat(requests).hasSize(1);
        }
    }

    @Test
    void refusesVectorsOfAnotherDimension() {
        try (var model = model(config().withDimension(384))) {
            assertThatThrownBy(() -> model.embedDocument("text"))
                    .isInstanceOf(EmbeddingException.class)
                    .hasMessageContaining("6 dimensions; expected 384");
        }
    }

    @Test
    void reportsHttpErrorsWithTheServersMessage() {
        behaviour.set((exchange, request) -> send(exchange, 401,
                "{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": \"invalid_request_error\"}}"));
        try (var model = model(config().withApiKey("wrong"))) {
            assertThatThrownBy(() -> model.embedDocument("text"))
                    .isInstanceOf(EmbeddingException.class)
                    .hasMessageContaining(baseUrl + "/v1/embeddings")
                    .hasMessageContaining("HTTP 401: Incorrect API key provided")
                    .hasMessageContaining("embedding.api-key");
        }
        behaviour.set((exchange, request) -> send(exchange, 503, "overloaded, try later"));
        try (var model = model(config())) {
            assertThatThrownBy(() -> model.embedDocument("text"))
                    .isInstanceOf(EmbeddingException.class).hasMessageContaining("HTTP 503: overloaded, try later");
        }
    }

    @Test
    void reportsMalformedAnswers() {
        behaviour.set((exchange, request) -> send(exchange, 200, "<html>not json</html>"));
        try (var model = model(config())) {
            assertThatThrownBy(() -> model.embedDocument("text"))
                    .isInstanceOf(EmbeddingException.class).hasMessageContaining("invalid JSON");
        }
        behaviour.set((exchange, request) -> send(exchange, 200, "{\"data\": []}"));
        try (var model = model(config())) {
            assertThatThrownBy(() -> model.embedDocument("text"))
                    .isInstanceOf(EmbeddingException.class).hasMessageContaining("0 vectors for 1 inputs");
        }
        behaviour.set((exchange, request) -> send(exchange, 200,
                "{\"data\": [{\"index\": 0, \"embedding\": [0, 0, 0]}]}"));
        try (var model = model(config())) {
            assertThatThrownBy(() -> model.embedDocument("text"))
                    .isInstanceOf(EmbeddingException.class).hasMessageContaining("all zeros");
        }
    }

    @Test
    void acceptsBase64EncodedVectors() {
        behaviour.set((exchange, request) -> {
            byte[] bytes = Vectors.toBytes(new float[] {3, 4});
            send(exchange, 200, "{\"data\": [{\"index\": 0, \"embedding\": \""
                    + java.util.Base64.getEncoder().encodeToString(bytes) + "\"}]}");
        });
        try (var model = model(config())) {
            assertThat(model.embedDocument("text")).containsExactly(0.6f, 0.8f);
        }
    }

    @Test
    void timesOutOnASlowServer() {
        behaviour.set((exchange, request) -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            embeddings(exchange, request);
        });
        try (var model = model(config().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> model.embedDocument("text"))
                    .isInstanceOf(EmbeddingException.class).hasMessageContaining("did not answer within 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void saysSoWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (var model = model(OpenAiCompatibleEmbeddingModel.Config.of("http://127.0.0.1:" + port, "m"))) {
            assertThatThrownBy(() -> model.embedDocument("text"))
                    .isInstanceOf(EmbeddingException.class)
                    .hasMessageContaining("http://127.0.0.1:" + port + "/v1/embeddings")
                    .hasMessageContaining("cannot be reached");
        }
    }

    @Test
    void embedsPapersThroughTheJobLikeTheLocalModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        try (var database = EmbedFixtures.sqlite(tmp); var model = model(config().withMaxBatch(3))) {
            EmbedFixtures.catalogWith(database, EmbedFixtures.papers());
            VectorStore store = new VectorStore(database);

            EmbeddingJob.Result result = new EmbeddingJob(store, model).run(Long.MAX_VALUE, null);

            assertThat(result.embedded()).isEqualTo(5);
            assertThat(store.progress("BAAI/bge-small-en-v1.5")).isEqualTo(new VectorStore.Progress(5, 5));
            assertThat(store.dimension("BAAI/bge-small-en-v1.5")).hasValue(DIMENSION);
        }
    }
}
