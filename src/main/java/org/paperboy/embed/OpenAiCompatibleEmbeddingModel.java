package org.paperboy.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Vectors from a remote embeddings endpoint that speaks OpenAI's API ({@code POST /v1/embeddings} with
 * {@code {"model": ..., "input": [...]}}), such as vLLM, Hugging Face text-embeddings-inference, Ollama, LocalAI or
 * OpenAI itself: for users who run the model on a GPU server.
 *
 * <p>The base URL may be given with or without the {@code /v1} suffix ({@code http://gpu:8000} and
 * {@code http://gpu:8000/v1} both post to {@code http://gpu:8000/v1/embeddings}); a URL that already ends in
 * {@code /embeddings} is used as it is. Inputs are sent in requests of at most {@link Config#maxBatch} texts. Answers
 * are checked (one vector per input, in the order of their {@code index}, all of one dimension, finite) and
 * L2-normalised. When the dimension is not configured, the first answer fixes it (or {@link #dimension()} asks the
 * endpoint with a probe text). Every failure is an {@link EmbeddingException} naming the endpoint and what it said.
 */
public final class OpenAiCompatibleEmbeddingModel implements EmbeddingModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_CHARS = 300;

    /**
     * @param baseUrl        e.g. {@code http://localhost:8000}
     * @param model          the model name the endpoint knows; also the name vectors are stored under
     * @param apiKey         sent as {@code Authorization: Bearer KEY}; null or empty for none
     * @param dimension      expected dimension, or 0 to learn it from the first answer
     * @param queryPrefix    put before queries (bge's retrieval instruction for bge models; empty for none)
     * @param requestTimeout for one request, answer included
     * @param maxBatch       most texts in one request
     */
    public record Config(String baseUrl, String model, String apiKey, int dimension, String queryPrefix,
                         Duration connectTimeout, Duration requestTimeout, int maxBatch) {

        public Config {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("the embeddings endpoint URL is empty");
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("the embeddings endpoint needs a model name");
            }
            apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            queryPrefix = queryPrefix == null ? "" : queryPrefix;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(120) : requestTimeout;
            if (dimension < 0 || maxBatch < 1) {
                throw new IllegalArgumentException("dimension must be >= 0 and maxBatch >= 1");
            }
        }

        public static Config of(String baseUrl, String model) {
            return new Config(baseUrl, model, null, 0, "", null, null, 64);
        }

        public Config withApiKey(String key) {
            return new Config(baseUrl, model, key, dimension, queryPrefix, connectTimeout, requestTimeout, maxBatch);
        }

        public Config withDimension(int expected) {
            return new Config(baseUrl, model, apiKey, expected, queryPrefix, connectTimeout, requestTimeout, maxBatch);
        }

        public Config withQueryPrefix(String prefix) {
            return new Config(baseUrl, model, apiKey, dimension, prefix, connectTimeout, requestTimeout, maxBatch);
        }

        public Config withTimeouts(Duration connect, Duration request) {
            return new Config(baseUrl, model, apiKey, dimension, queryPrefix, connect, request, maxBatch);
        }

        public Config withMaxBatch(int most) {
            return new Config(baseUrl, model, apiKey, dimension, queryPrefix, connectTimeout, requestTimeout, most);
        }
    }

    private final Config config;
    private final URI endpoint;
    private final HttpClient client;
    private volatile int dimension;

    public OpenAiCompatibleEmbeddingModel(Config config) {
        this.config = config;
        this.endpoint = endpointOf(config.baseUrl());
        this.dimension = config.dimension();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static URI endpointOf(String baseUrl) {
        String url = baseUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.endsWith("/embeddings")) {
            url = url.endsWith("/v1") ? url + "/embeddings" : url + "/v1/embeddings";
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new EmbeddingException("invalid embeddings endpoint URL '" + baseUrl + "': " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new EmbeddingException("invalid embeddings endpoint URL '" + baseUrl
                    + "': expected http://HOST[:PORT] or https://HOST[:PORT]");
        }
        return uri;
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String name() {
        return config.model();
    }

    /** The configured dimension, else the one the endpoint answered with (asking it once if it has not yet). */
    @Override
    public int dimension() {
        if (dimension == 0) {
            embed(List.of("dimension probe"));
        }
        return dimension;
    }

    @Override
    public float[] embedDocument(String text) {
        return embedDocuments(List.of(text)).getFirst();
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(List.of(config.queryPrefix() + (query == null ? "" : query.strip()))).getFirst();
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        EmbeddingModel.requireText(texts);
        return embed(texts);
    }

    private List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += config.maxBatch()) {
            vectors.addAll(request(texts.subList(from, Math.min(texts.size(), from + config.maxBatch()))));
        }
        return vectors;
    }

    private List<float[]> request(List<String> inputs) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.model());
        ArrayNode input = body.putArray("input");
        inputs.forEach(input::add);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (config.apiKey() != null) {
            request.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw failure("could not connect within " + seconds(config.connectTimeout()), e);
        } catch (HttpTimeoutException e) {
            throw failure("did not answer within " + seconds(config.requestTimeout()), e);
        } catch (ConnectException e) {
            throw failure("cannot be reached (connection refused; is the embedding server running?)", e);
        } catch (IOException e) {
            throw failure("cannot be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("request interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            if (response.statusCode() / 100 == 3) {
                throw failure("answered HTTP " + response.statusCode() + ", redirecting to "
                        + response.headers().firstValue("Location").orElse("(nowhere)")
                        + " (set embedding.url to the endpoint itself)", null);
            }
            throw failure("answered HTTP " + response.statusCode() + ": " + errorMessage(response.body())
                    + hint(response.statusCode()), null);
        }
        return parse(response.body(), inputs.size());
    }

    private List<float[]> parse(String body, int expected) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw failure("answered with invalid JSON: " + abbreviate(body), e);
        }
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isArray()) {
            throw failure("answered without a 'data' array: " + abbreviate(body), null);
        }
        if (data.size() != expected) {
            throw failure("answered with " + data.size() + " vectors for " + expected + " inputs", null);
        }
        float[][] vectors = new float[expected][];
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.has("index") ? item.get("index").asInt(-1) : i;
            if (index < 0 || index >= expected || vectors[index] != null) {
                throw failure("answered with a missing or repeated index " + item.get("index"), null);
            }
            vectors[index] = checkDimension(vectorOf(item.get("embedding")));
        }
        List<float[]> result = new ArrayList<>(expected);
        for (float[] vector : vectors) {
            try {
                result.add(Vectors.normalize(vector));
            } catch (EmbeddingException e) {
                throw failure("answered with an unusable vector: " + e.getMessage(), e);
            }
        }
        return result;
    }

    private float[] vectorOf(JsonNode embedding) {
        if (embedding != null && embedding.isArray()) {
            float[] vector = new float[embedding.size()];
            for (int j = 0; j < vector.length; j++) {
                JsonNode value = embedding.get(j);
                if (!value.isNumber()) {
                    throw failure("answered with a non-numeric vector component: " + abbreviate(value.toString()), null);
                }
                vector[j] = value.floatValue();
            }
            return vector;
        }
        if (embedding != null && embedding.isTextual()) {
            // encoding_format=base64: little-endian float32
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(embedding.asText());
            } catch (IllegalArgumentException e) {
                throw failure("answered with an embedding that is neither numbers nor base64", e);
            }
            float[] vector = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
            return vector;
        }
        throw failure("answered with an item without an 'embedding'", null);
    }

    private synchronized float[] checkDimension(float[] vector) {
        if (dimension == 0) {
            if (vector.length == 0) {
                throw failure("answered with an empty vector", null);
            }
            dimension = vector.length;
        } else if (vector.length != dimension) {
            throw failure("answered with a vector of " + vector.length + " dimensions; expected " + dimension
                    + " for model '" + config.model() + "'", null);
        }
        return vector;
    }

    private static String errorMessage(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            if (error != null && error.isObject() && error.hasNonNull("message")) {
                return error.get("message").asText();
            }
            if (error != null && error.isTextual()) {
                return error.asText();
            }
            if (root != null && root.hasNonNull("message")) {
                return root.get("message").asText();
            }
            if (root != null && root.hasNonNull("detail")) {
                return root.get("detail").toString();
            }
        } catch (IOException ignored) {
            // not JSON: show the text
        }
        return body == null || body.isBlank() ? "(no message)" : abbreviate(body);
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> " (check embedding.api-key)";
            case 404 -> " (check embedding.url: Paperboy posts to BASE/v1/embeddings, and embedding.model)";
            default -> "";
        };
    }

    private EmbeddingException failure(String what, Throwable cause) {
        return new EmbeddingException("embeddings endpoint " + endpoint + " " + what, cause);
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_ERROR_CHARS ? flat : flat.substring(0, MAX_ERROR_CHARS) + "...";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return config.model() + " (OpenAI-compatible endpoint " + endpoint + ")";
    }
}
