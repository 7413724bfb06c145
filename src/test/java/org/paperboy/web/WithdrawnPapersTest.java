package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.ingest.Importer;
import org.paperboy.testing.Fixtures;

/**
 * A withdrawn paper (arXiv's snapshot and OAI-PMH both say so in its comments) is labelled "Withdrawn" on its page and
 * in lists, whichever way it came in; other papers are not.
 */
class WithdrawnPapersTest {

    private static final LocalDate DAY = LocalDate.of(2025, 3, 18);
    private static final String LABEL = "<span class=\"label-withdrawn\">Withdrawn</span>";

    @TempDir
    Path dataDir;

    @Test
    void aWithdrawnPaperIsLabelledOnItsPageAndInLists() throws Exception {
        try (Paperboy paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none"))) {
            // 0704.0156 of arXiv's snapshot: "This paper has been withdrawn by the authors. ..."
            new Importer(paperboy.catalog()).importFiles(List.of(Fixtures.arxivSnapshot()), null, Importer.Progress.NONE);
            paperboy.catalog().upsert(List.of(
                    paper("2503.20001", "Withdrawn result", "This paper has been withdrawn due to an error in Lemma 2"),
                    paper("2503.20002", "Standing result", "12 pages, 3 figures")));

            try (WebServer server = WebServer.start(paperboy)) {
                String base = "http://127.0.0.1:" + server.port();
                assertThat(get(base + "/papers/0704.0156")).contains(LABEL).contains("withdrawn on arXiv (version 2)");
                assertThat(get(base + "/papers/0704.0001")).doesNotContain(LABEL);
                assertThat(get(base + "/papers/2503.20002")).doesNotContain(LABEL);

                String daily = get(base + "/daily?date=" + DAY);
                assertThat(daily).contains(LABEL + " <a href=\"/papers/2503.20001\">Withdrawn result</a>")
                        .containsOnlyOnce(LABEL);
                String recent = get(base + "/");
                assertThat(recent).contains(LABEL + " <a href=\"/papers/2503.20001\">Withdrawn result</a>")
                        .doesNotContain(LABEL + " <a href=\"/papers/2503.20002\">");
            }
        }
    }

    private static Paper paper(String id, String title, String comments) {
        return new Paper(new PaperId(id), 2, title, "An abstract.", List.of("Ada Lovelace"), List.of("cs.LG"), comments,
                null, null, null, null, null, DAY);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
