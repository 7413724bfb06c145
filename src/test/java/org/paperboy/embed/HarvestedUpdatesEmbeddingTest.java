package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.ingest.arxiv.ArxivHttp;
import org.paperboy.ingest.arxiv.HarvestReport;
import org.paperboy.ingest.arxiv.OaiHarvester;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.OaiListing;

/**
 * A harvest that brings a newer version of a paper whose vector is stored makes the embedding job compute the vector
 * again from the new text; a harvest that changes nothing leaves every vector current.
 */
class HarvestedUpdatesEmbeddingTest {

    private static final Instant ANSWERED = Instant.parse("2025-11-21T02:00:00Z");
    private static final String NEW_ABSTRACT = "Protein structures predicted from sequence alone, at the accuracy of experiments.";

    private static BgeSmallEmbeddingModel bge;

    @TempDir
    Path dir;
    private Database database;
    private Catalog catalog;
    private VectorStore vectors;
    private ArxivServer arxiv;

    @BeforeAll
    static void load() {
        bge = new BgeSmallEmbeddingModel();
    }

    @AfterAll
    static void unload() {
        bge.close();
    }

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
        catalog = new Catalog(database);
        vectors = new VectorStore(database);
        arxiv = ArxivServer.start();
    }

    @AfterEach
    void close() {
        arxiv.close();
        database.close();
    }

    private HarvestReport harvest(String... records) {
        arxiv.route(request -> Reply.xml(OaiListing.page(ANSWERED, List.of(records), null)));
        ArxivHttp http = ArxivHttp.open(database, Settings.defaults(), ArxivHttp.Options.harvesting(Duration.ZERO));
        return new OaiHarvester(http, arxiv.baseUrl() + "/oai", catalog, Clock.systemUTC())
                .harvest("cs", java.time.LocalDate.parse("2025-11-19"), null, new OaiHarvester.Listener() {}, () -> false);
    }

    @Test
    void aNewerVersionHarvestedIsEmbeddedAgainFromItsNewText() {
        harvest(OaiListing.record(1, 1), OaiListing.record(2, 1));
        EmbeddingJob job = new EmbeddingJob(vectors, bge);
        assertThat(job.run(Long.MAX_VALUE, null).embedded()).isEqualTo(2);
        PaperId updated = new PaperId(OaiListing.id(1));
        PaperId untouched = new PaperId(OaiListing.id(2));
        float[] untouchedBefore = vectors.find(List.of(untouched), bge.name()).get(untouched);

        harvest(OaiListing.record(1, 1), OaiListing.record(2, 1));
        assertThat(vectors.missing(bge.name(), null, 10)).as("an unchanged paper keeps its vector").isEmpty();

        HarvestReport report = harvest(OaiListing.record(OaiListing.id(1), "Protein structure from sequence", 2,
                NEW_ABSTRACT), OaiListing.record(2, 1));
        assertThat(report.updated()).isEqualTo(1);
        assertThat(vectors.missing(bge.name(), null, 10)).extracting(VectorStore.PendingPaper::id).containsExactly(updated);

        assertThat(job.run(Long.MAX_VALUE, null).embedded()).isEqualTo(1);

        Paper stored = catalog.find(updated).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        float[] recomputed = vectors.find(List.of(updated), bge.name()).get(updated);
        assertThat(Vectors.dot(recomputed, bge.embedDocument(PaperText.of(stored)))).isCloseTo(1.0, within(1e-6));
        assertThat(vectors.find(List.of(untouched), bge.name()).get(untouched)).containsExactly(untouchedBefore);
        assertThat(vectors.progress(bge.name())).isEqualTo(new VectorStore.Progress(2, 2));
    }
}
