package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.testing.TestPapers;
import org.paperboy.testing.WebClient;

/**
 * The page warm-up of a starting server, over its real HTTP port: before {@code /healthz} says ready, within its
 * time bound, and never counted as a client's searches.
 */
class PageWarmupTest {

    private static final int WARMUP_SECONDS = 2;

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.SEARCH_RATE_LIMIT, "1")
                .with(Settings.Key.HTTP_WARMUP_SECONDS, Integer.toString(WARMUP_SECONDS)));
        paperboy.catalog().upsert(List.of(TestPapers.paper("2501.00001", 1, "Video generation with diffusion"),
                TestPapers.paper("2501.00002", 1, "Protein folding")));
        paperboy.indexSync().catchUp(seq -> {});
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
    void theServerIsReadyOnlyAfterItsPagesWereLoadedWithinTheBound() throws Exception {
        WebClient client = new WebClient(server.port());
        AtomicInteger healthDuringWarmup = new AtomicInteger();
        AtomicReference<PageWarmup.Result> result = new AtomicReference<>();

        paperboy.warmUp(() -> {
            healthDuringWarmup.set(client.get("/healthz").statusCode());
            result.set(server.warmUp(paperboy));
        });

        assertThat(healthDuringWarmup.get()).as("/healthz while the pages warm up").isEqualTo(503);
        assertThat(paperboy.ready()).isTrue();
        assertThat(client.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(result.get().requests()).as("pages answered").isPositive();
        assertThat(result.get().took()).as("bounded by http.warmup-seconds")
                .isLessThan(Duration.ofSeconds(WARMUP_SECONDS + 3));
    }

    @Test
    void warmupSearchesAreNotCountedAgainstTheLoopbackClientsLimit() {
        int port = server.port();
        PageWarmup warmup = new PageWarmup(URI.create("http://127.0.0.1:" + port + "/"),
                List.of("/search?q=video", "/api/papers/search?q=protein&mode=keyword"),
                List.of("/feeds/search.atom?q=video"), 2);

        PageWarmup.Result result = warmup.run(Duration.ofMillis(1500), () -> false);

        assertThat(result.requests()).as("searches answered 200 past the limit of 1 a minute").isGreaterThan(2);
        WebClient local = new WebClient(port);
        assertThat(local.get("/api/papers/search?q=video").statusCode()).as("a client on loopback still has its search")
                .isEqualTo(200);
        assertThat(local.get("/api/papers/search?q=video").statusCode()).as("and its limit").isEqualTo(429);
        assertThat(local.request("GET", "/api/papers/search?q=video", PageWarmup.HEADER, "guessed").statusCode())
                .as("a client cannot pass for the warm-up").isEqualTo(429);
    }

    @Test
    void theBusiestPagesAreTheDailyPageAndTheNewestPapers() {
        List<String> pages = PageWarmup.busiestPages(paperboy.catalog());

        assertThat(pages).contains("/daily", "/papers/2501.00001", "/papers/2501.00002", "/", "/api/daily_papers");
        WebClient client = new WebClient(server.port());
        for (String path : pages) {
            assertThat(client.get(path).statusCode()).as(path).isEqualTo(200);
        }
    }
}
