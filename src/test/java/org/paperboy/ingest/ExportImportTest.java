package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.storage.Database;
import org.paperboy.testing.Fixtures;
import org.paperboy.testing.PostgresServer;

/** Export writes what import reads back: a catalog survives the trip into a fresh store unchanged. */
class ExportImportTest {

    private static final int EXPECTED = Fixtures.DEMO_CORPUS_SIZE + 200 + 20;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Database source;
    private static Catalog sourceCatalog;

    @BeforeAll
    static void fillSource() throws IOException {
        source = sqlite(shared.resolve("source.db"));
        sourceCatalog = new Catalog(source);
        Importer importer = new Importer(sourceCatalog);
        importer.importFiles(List.of(Fixtures.demoCorpus(), Fixtures.arxivSnapshot()), null, Importer.Progress.NONE);
        importer.importFiles(List.of(Fixtures.scifactCorpus()), new BeirCorpusFormat("scifact"), Importer.Progress.NONE);
        assertThat(sourceCatalog.count()).isEqualTo(EXPECTED);
    }

    @AfterAll
    static void closeSource() {
        source.close();
    }

    @Test
    void gzippedAndPlainExportsHoldTheSameLines() throws Exception {
        Path gz = tmp.resolve("catalog.jsonl.gz");
        Path plain = tmp.resolve("catalog.jsonl");

        assertThat(new Exporter(sourceCatalog).exportTo(gz)).isEqualTo(EXPECTED);
        assertThat(new Exporter(sourceCatalog).exportTo(plain)).isEqualTo(EXPECTED);

        byte[] plainBytes = Files.readAllBytes(plain);
        assertThat(gunzip(gz)).isEqualTo(plainBytes);
        assertThat(Files.size(gz)).isLessThan(plainBytes.length / 2);
        assertThat(Files.readAllLines(plain)).hasSize(EXPECTED);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        assertThat(new Exporter(sourceCatalog).write(streamed)).isEqualTo(EXPECTED);
        assertThat(streamed.toByteArray()).isEqualTo(plainBytes);
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("catalog.jsonl.gz", "catalog.jsonl");
        }
    }

    @Test
    void reImportingAnExportIntoAFreshStoreGivesIdenticalPapers() throws Exception {
        for (String name : List.of("catalog.jsonl.gz", "catalog.jsonl")) {
            Path file = tmp.resolve(name);
            new Exporter(sourceCatalog).exportTo(file);

            try (Database copy = sqlite(tmp.resolve("copy-" + name + ".db"))) {
                Catalog copyCatalog = new Catalog(copy);
                ImportReport report = new Importer(copyCatalog).importFiles(List.of(file), null, Importer.Progress.NONE);

                assertThat(report.added()).as(name).isEqualTo(EXPECTED);
                assertThat(report.skippedCount()).as(name).isZero();
                assertThat(papers(copyCatalog)).as(name).isEqualTo(papers(sourceCatalog));
                // and the copy exports byte for byte what the source did
                assertThat(new Exporter(copyCatalog).exportTo(tmp.resolve("again-" + name)))
                        .isEqualTo(EXPECTED);
                assertThat(content(tmp.resolve("again-" + name))).isEqualTo(content(file));
            }
        }
    }

    @Test
    void reImportingAnExportIntoItsSourceChangesNothing() throws Exception {
        Path file = tmp.resolve("catalog.jsonl.gz");
        new Exporter(sourceCatalog).exportTo(file);
        long seq = sourceCatalog.lastChangeSeq();

        ImportReport report = new Importer(sourceCatalog).importFiles(List.of(file), null, Importer.Progress.NONE);

        assertThat(report.unchanged()).isEqualTo(EXPECTED);
        assertThat(report.added() + report.updated() + report.skippedCount()).isZero();
        assertThat(sourceCatalog.lastChangeSeq()).isEqualTo(seq);
    }

    @Test
    void movesACatalogFromPostgresqlToSqlite() throws Exception {
        Path file = tmp.resolve("from-postgres.jsonl.gz");
        List<Paper> inPostgres;
        try (Database postgres = PostgresServer.newDatabase()) {
            Catalog catalog = new Catalog(postgres);
            new Importer(catalog).importFiles(List.of(Fixtures.arxivSnapshot()), null, Importer.Progress.NONE);
            new Importer(catalog).importFiles(List.of(Fixtures.scifactCorpus()), new BeirCorpusFormat("scifact"),
                    Importer.Progress.NONE);
            assertThat(new Exporter(catalog).exportTo(file)).isEqualTo(220);
            inPostgres = papers(catalog);
        }
        try (Database sqlite = sqlite(tmp.resolve("to-sqlite.db"))) {
            Catalog catalog = new Catalog(sqlite);
            assertThat(new Importer(catalog).importFiles(List.of(file), null, Importer.Progress.NONE).added()).isEqualTo(220);
            assertThat(papers(catalog)).isEqualTo(inPostgres);
        }
    }

    @Test
    void aFailedExportLeavesNoFileBehind() {
        Path target = tmp.resolve("no-such-directory").resolve("catalog.jsonl");

        assertThatThrownBy(() -> new Exporter(sourceCatalog).exportTo(target)).isInstanceOf(IOException.class);
        assertThat(tmp.resolve("no-such-directory")).doesNotExist();
    }

    /** All papers, sorted by id in Java (stores may collate ids differently). */
    private static List<Paper> papers(Catalog catalog) {
        List<Paper> papers = new ArrayList<>();
        catalog.forEach(papers::add);
        papers.sort(Comparator.comparing(Paper::id));
        return papers;
    }

    private static byte[] content(Path file) throws IOException {
        return file.toString().endsWith(".gz") ? gunzip(file) : Files.readAllBytes(file);
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static Database sqlite(Path file) {
        return Database.open("jdbc:sqlite:" + file, null, null);
    }
}
