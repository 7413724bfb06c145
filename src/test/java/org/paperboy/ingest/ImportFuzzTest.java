package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.paperboy.catalog.Catalog;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/**
 * Fuzzes {@code paperboy import} end to end: a whole file, its format detected from the first record, into a real
 * SQLite catalog. Bad lines are reported one by one and the import goes on; the only failure allowed is a file that
 * cannot be read at all (a broken gzip stream). Seeds: {@code ImportFuzzTestInputs/importsAnyFile/}; fuzzed by
 * {@code bench/fuzz.sh}.
 */
class ImportFuzzTest {

    private static Path dir;
    private static Database database;
    private static Catalog catalog;
    private static Importer importer;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("paperboy-fuzz");
        database = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
        catalog = new Catalog(database);
        // A stored paper, so that imports also take the update and older-version paths.
        catalog.upsert(List.of(TestPapers.full("2503.11731", 2)));
        importer = new Importer(catalog);
    }

    @AfterAll
    static void close() throws IOException {
        database.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest
    void importsAnyFile(@NotNull byte[] content) throws IOException {
        Path file = dir.resolve("import.jsonl");
        Files.write(file, content);
        ImportReport report;
        try {
            report = importer.importFiles(List.of(file), null, Importer.Progress.NONE);
        } catch (IOException e) {
            boolean gzipped = content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
            assertThat(gzipped).as("a failed import that is no broken gzip stream: %s", e).isTrue();
            assertThat(e.getMessage()).startsWith("cannot read ");
            return;
        }
        assertThat(report.skipped()).allSatisfy(skipped -> assertThat(skipped.reason()).isNotBlank());
        assertThat(report.added() + report.updated() + report.unchanged()).as("papers written")
                .isLessThanOrEqualTo(report.read());
    }
}
