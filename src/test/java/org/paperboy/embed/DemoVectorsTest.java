package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.ingest.Importer;
import org.paperboy.storage.Database;
import org.paperboy.testing.Fixtures;

/**
 * The demo ships its corpus's vectors; they must be what the model computes today, or semantic search on the demo
 * would silently compare apples with pears. Recomputes a sample and compares.
 */
class DemoVectorsTest {

    static final Path SHIPPED = Path.of("demo/arxiv-cs-10k.vectors.gz");

    @TempDir
    Path dir;

    @Test
    void shippedVectorsCoverTheDemoCorpusAndMatchTheModel() throws Exception {
        assertThat(SHIPPED).as("made by: paperboy embed && paperboy embed --export " + SHIPPED).exists();
        assertThat(VectorFile.readHeader(SHIPPED)).isEqualTo(
                new VectorFile.Header(BgeSmallEmbeddingModel.NAME, BgeSmallEmbeddingModel.DIMENSION));
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("demo.db"), null, null);
             BgeSmallEmbeddingModel model = new BgeSmallEmbeddingModel()) {
            Catalog catalog = new Catalog(database);
            new Importer(catalog).importFiles(List.of(Fixtures.demoCorpus()), null, Importer.Progress.NONE);
            VectorStore store = new VectorStore(database);
            VectorFile.ImportResult result = VectorFile.importFile(store, SHIPPED, model.name(), model.dimension());
            assertThat(result.progress().embedded()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);

            List<PaperId> sample = List.of(new PaperId("2503.11731"), catalog.recent(1, 0).getFirst().id(),
                    catalog.recent(1, 5_000).getFirst().id());
            Map<PaperId, float[]> shipped = store.find(sample, model.name());
            for (PaperId id : sample) {
                Paper paper = catalog.find(id).orElseThrow();
                double cosine = Vectors.dot(shipped.get(id), model.embedDocument(PaperText.of(paper)));
                assertThat(cosine).as("paper %s", id).isGreaterThan(0.999);
            }
        }
        assertThat(Files.size(SHIPPED)).isLessThan(20L << 20);
    }
}
