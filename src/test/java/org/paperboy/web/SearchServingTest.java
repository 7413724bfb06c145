package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.testing.TestPapers;
import org.paperboy.testing.WebClient;

/** A real server's readiness and search throttle, over HTTP: what a load balancer and a busy script see. */
class SearchServingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEARCHES_PER_MINUTE = 5;

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true")
                .with(Settings.Key.SEARCH_RATE_LIMIT, Integer.toString(SEARCHES_PER_MINUTE)));
        paperboy.catalog().upsert(List.of(TestPapers.paper("2501.00001", 1, "Video generation with diffusion"),
                TestPapers.paper("2501.00002", 1, "Protein folding")));
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (paperboy != null) {
            paperboy.close();
        }
    }

    @Test
    void healthzSaysStartingUntilTheIndexIsCaughtUpAndSearchIsWarm() throws Exception {
        WebClient client = new WebClient(server.port());
        HttpResponse<String> starting = client.get("/healthz");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(starting.body()).path("status").asText()).isEqualTo("starting");
        assertThat(JSON.readTree(starting.body()).path("papers").asLong()).isEqualTo(2);

        paperboy.indexSync().catchUp(seq -> {}); // what the server's follower thread does
        paperboy.warmUp();

        HttpResponse<String> ready = client.get("/healthz");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(ready.body());
        assertThat(json.path("status").asText()).isEqualTo("ok");
        assertThat(json.path("semanticIndex").asText()).as("the model is loaded").startsWith("semantic index: ");
        HttpResponse<String> search = client.get("/api/papers/search?q=video+generation");
        assertThat(search.headers().firstValue("X-Search-Mode")).hasValue("hybrid");
        assertThat(search.headers().firstValue("X-Search-Partial")).isEmpty();
        assertThat(JSON.readTree(search.body()).get(0).path("paper").path("id").asText()).isEqualTo("2501.00001");
    }

    @Test
    void searchesPastTheLimitAre429sWithRetryAfterForThatClientOnly() throws Exception {
        WebClient busy = new WebClient(server.port());
        List<String> searches = List.of("/search?q=video", "/api/papers/search?q=video&mode=keyword",
                "/feeds/search.atom?q=video", "/search?q=protein&page=1", "/api/papers/search?q=protein");
        for (String path : searches) {
            assertThat(busy.get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(busy.get("/search").statusCode()).as("the empty search page runs no search").isEqualTo(200);

        for (String path : List.of("/api/papers/search?q=video", "/search?q=video", "/feeds/search.atom?q=video")) {
            HttpResponse<String> refused = busy.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).as(path)
                    .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
            assertThat(refused.body()).as(path).contains("too many searches");
        }
        assertThat(new WebClient(server.port()).get("/api/papers/search?q=video").statusCode())
                .as("another client").isEqualTo(200);
        assertThat(busy.get("/papers/2501.00001").statusCode()).as("other pages").isEqualTo(200);
    }
}
