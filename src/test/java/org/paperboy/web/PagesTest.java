package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;

/**
 * A page rendered straight to bytes is the same page: escaped, UTF-8, and says so; gzipped when asked. A paper's
 * summary, rendered once and reused, follows the catalog.
 */
class PagesTest {

    @TempDir
    Path dataDir;

    @Test
    void theDailyPageIsEscapedUtf8() throws Exception {
        String title = "Bounds <script>alert(1)</script> for 𝔼[X] ≥ 0 by Zoë & Ñu";
        try (Paperboy paperboy = Paperboy.open(settings())) {
            paperboy.catalog().upsert(List.of(new Paper(new PaperId("2503.10001"), 1, title,
                    "Line one\nline two ≈ “quoted”.", List.of("Zoë Ölund"), List.of("cs.LG"), null, null, null, null,
                    null, null, LocalDate.of(2025, 3, 18))));
            try (WebServer server = WebServer.start(paperboy)) {
                HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/daily?date=2025-03-18")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t.replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8"));
                String page = new String(response.body(), StandardCharsets.UTF_8);
                assertThat(page).startsWith("<!DOCTYPE html>")
                        .contains("Bounds &lt;script&gt;alert(1)&lt;/script&gt; for 𝔼[X] ≥ 0 by Zoë &amp; Ñu")
                        .doesNotContain("<script>")
                        .contains("Zoë Ölund").contains("Line one line two ≈ “quoted”.").contains("</html>");

                HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/daily?date=2025-03-18"))
                        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
                try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(page);
                }
            }
        }
    }

    @Test
    void aPaperUpdatedInTheCatalogIsShownUpdatedInLists() throws Exception {
        try (Paperboy paperboy = Paperboy.open(settings())) {
            paperboy.catalog().upsert(List.of(paper(1, "First title", "First abstract.")));
            try (WebServer server = WebServer.start(paperboy)) {
                String url = "http://127.0.0.1:" + server.port() + "/daily?date=2025-03-18";
                assertThat(get(url)).contains("First title").contains("First abstract.");
                assertThat(get(url)).contains("First title");

                paperboy.catalog().upsert(List.of(paper(2, "Second <i>title</i>", "Second abstract.")));
                assertThat(get(url)).contains("Second &lt;i&gt;title&lt;/i&gt;").contains("Second abstract.")
                        .doesNotContain("First title").doesNotContain("First abstract.");
            }
        }
    }

    private Settings settings() {
        return Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none");
    }

    private static Paper paper(int version, String title, String abstractText) {
        return new Paper(new PaperId("2503.10002"), version, title, abstractText, List.of("Ada Lovelace"),
                List.of("cs.LG"), null, null, null, null, null, null, LocalDate.of(2025, 3, 18));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
