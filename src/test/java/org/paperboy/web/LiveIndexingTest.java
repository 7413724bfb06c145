package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;

/**
 * A paper committed to the store by another process (here: another connection, as `paperboy import` would) becomes
 * searchable on a running server within seconds, without a restart.
 */
class LiveIndexingTest {

    @TempDir
    Path dataDir;

    @Test
    void importedPapersBecomeSearchableWithinSeconds() throws Exception {
        Settings settings = Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none");
        try (Paperboy paperboy = Paperboy.open(settings); WebServer server = WebServer.start(paperboy)) {
            paperboy.indexSync().follow(200);
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/papers/search?q=zeolite&mode=keyword");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("[]");

            try (Database other = Database.open(settings.databaseUrl(), null, null)) {
                new Catalog(other).upsert(List.of(new Paper(new PaperId("2502.01234"), 1, "Zeolite catalysts, revisited",
                        "Porous minerals.", List.of("A. Chemist"), List.of("cond-mat.mtrl-sci"), null, null, null, null,
                        null, null, null)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String body = "";
            while (System.nanoTime() < deadline && !body.contains("2502.01234")) {
                Thread.sleep(100);
                body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            assertThat(body).contains("2502.01234");
        }
    }
}
