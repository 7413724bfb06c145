package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Paper;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.storage.Database;

/** The server's view: open from settings, embed in the background, serve vectors and status, stop on close. */
class EmbeddingServiceTest {

    @TempDir
    Path tmp;

    @Test
    void embedsInTheBackgroundAndServesVectorsAndStatus() throws InterruptedException {
        try (Database database = EmbedFixtures.sqlite(tmp)) {
            EmbedFixtures.catalogWith(database, EmbedFixtures.papers());
            EmbeddingService service = EmbeddingService.open(Settings.defaults(), database).orElseThrow();
            try {
                service.startBackground();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (service.status().done() < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(service.status().label()).isEqualTo("semantic index: 5 / 5");
                List<Paper> papers = EmbedFixtures.papers();
                assertThat(service.vectorsFor(papers.stream().map(Paper::id).toList())).hasSize(5)
                        .allSatisfy((id, vector) -> assertThat(vector).hasSize(384));
            } finally {
                service.close();
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("embedding-job") && t.isAlive());
        }
    }

    @Test
    void noProviderNoService() {
        try (Database database = EmbedFixtures.sqlite(tmp)) {
            Settings none = Settings.resolve(null, Map.of(), Map.of(Key.EMBEDDING_PROVIDER, "none"));
            assertThat(EmbeddingService.open(none, database)).isEmpty();
        }
    }
}
