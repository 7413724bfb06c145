package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;
import org.paperboy.storage.StorageException;
import org.paperboy.testing.Fixtures;
import org.paperboy.testing.TestPapers;

class ImporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Database database;
    private Catalog catalog;
    private Importer importer;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + tmp.resolve("store/paperboy.db"), null, null);
        catalog = new Catalog(database);
        importer = new Importer(catalog);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ImportReport importFile(Path file) throws IOException {
        return importer.importFiles(List.of(file), null, Importer.Progress.NONE);
    }

    @Test
    void importsTheDemoCorpusAndAReImportChangesNothing() throws Exception {
        ImportReport first = importFile(Fixtures.demoCorpus());

        assertThat(first.read()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        assertThat(first.added()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        assertThat(first.skippedCount()).isZero();
        assertThat(catalog.count()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        assertThat(catalog.lastChangeSeq()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        Paper first11731 = catalog.find(new PaperId("2503.11731")).orElseThrow();
        assertThat(first11731.title()).startsWith("Industrial-Grade Sensor Simulation via Gaussian Splatting");
        assertThat(first11731.categories()).isNotEmpty();
        assertThat(first11731.announced()).isNotNull();

        ImportReport second = importFile(Fixtures.demoCorpus());

        assertThat(second.read()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        assertThat(second.added()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.unchanged()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        assertThat(second.skippedCount()).isZero();
        assertThat(catalog.count()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        assertThat(catalog.lastChangeSeq()).isEqualTo(Fixtures.DEMO_CORPUS_SIZE);
        assertThat(second.summary(5)).isEqualTo("read 10,000  added 0  updated 0  unchanged 10,000  skipped 0");
    }

    @Test
    void importsTheArxivSnapshotFixtureWithDetectedFormat() throws Exception {
        ImportReport report = importFile(Fixtures.arxivSnapshot());

        assertThat(report.read()).isEqualTo(200);
        assertThat(report.added()).isEqualTo(200);
        assertThat(report.skippedCount()).isZero();
        Paper expected = new ArxivSnapshotFormat().toPaper(JSON.readTree(Files.readAllLines(Fixtures.arxivSnapshot()).getFirst()));
        assertThat(catalog.find(new PaperId("0704.0001"))).contains(expected);
        assertThat(catalog.find(new PaperId("0704.0200"))).isPresent();
    }

    @Test
    void importsABeirCorpusUnderTheChosenNamespace() throws Exception {
        ImportReport detected = importFile(Fixtures.scifactCorpus());
        ImportReport named = importer.importFiles(List.of(Fixtures.scifactCorpus()), new BeirCorpusFormat("scifact"),
                Importer.Progress.NONE);

        assertThat(detected.added()).isEqualTo(20);
        assertThat(named.added()).isEqualTo(20);
        assertThat(catalog.count()).isEqualTo(40);
        assertThat(catalog.find(new PaperId("beir:4983"))).isPresent();
        assertThat(catalog.find(new PaperId("scifact:4983")).orElseThrow().title())
                .startsWith("Microstructural development of human newborn cerebral white matter");
    }

    @Test
    void readsGzippedAndPlainFilesAlike() throws Exception {
        List<Paper> papers = IntStream.range(0, 4_500).mapToObj(TestPapers::synthetic).toList();
        byte[] lines = ownFormat(papers);
        Path plain = Files.write(tmp.resolve("papers.jsonl"), lines);
        Path gzipped = Files.write(tmp.resolve("papers.jsonl.gz"), gzip(lines));
        // gzip is recognised by its magic bytes, not by the file name
        Path gzippedWithoutSuffix = Files.write(tmp.resolve("papers-compressed.jsonl"), gzip(lines));
        assertThat(Files.size(gzipped)).isLessThan(Files.size(plain) / 3);

        ImportReport fromPlain = importFile(plain);
        assertThat(fromPlain.added()).isEqualTo(4_500);
        assertThat(papersInCatalog()).containsExactlyElementsOf(papers);

        ImportReport fromGzip = importFile(gzipped);
        assertThat(fromGzip.read()).isEqualTo(4_500);
        assertThat(fromGzip.unchanged()).isEqualTo(4_500);

        try (Database other = Database.open("jdbc:sqlite:" + tmp.resolve("other.db"), null, null)) {
            Catalog otherCatalog = new Catalog(other);
            ImportReport report = new Importer(otherCatalog).importFiles(List.of(gzippedWithoutSuffix), null, Importer.Progress.NONE);
            assertThat(report.added()).isEqualTo(4_500);
            List<Paper> imported = new ArrayList<>();
            otherCatalog.forEach(imported::add);
            assertThat(imported).containsExactlyElementsOf(papers);
        }
    }

    @Test
    void skipsEachBadLineWithItsNumberAndReasonAndImportsTheRest() throws Exception {
        Path file = tmp.resolve("bad.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line(out, "{\"id\": \"2501.00001\", \"title\": \"Good one\"}");                        // 1
        line(out, "{\"id\": \"2501.00002\", \"title\": \"Unterminated");                        // 2
        line(out, "");                                                                          // 3 blank
        line(out, "{\"id\": \"2501.00004\", \"title\": \"Good two\"}");                         // 4
        line(out, "{\"id\": \"2501.00005\", \"abstract\": \"but no title\"}");                  // 5
        line(out, "{\"id\": \"2513.00006\", \"title\": \"Month thirteen\"}");                   // 6
        line(out, bytes("{\"id\": \"2501.00007\", \"title\": \"caf", 0xC3, 0x28, "\"}"));       // 7 bad continuation
        line(out, bytes("{\"id\": \"2501.00008\", \"title\": \"slash ", 0xC0, 0xAF, "\"}"));    // 8 overlong '/'
        line(out, "{\"id\": \"2501.00009\", \"title\": \"Huge\", \"abstract\": \"" + "x".repeat(5_000_000) + "\"}"); // 9
        line(out, "[{\"id\": \"2501.00010\", \"title\": \"Inside an array\"}]");               // 10
        line(out, "   \t ");                                                                    // 11 blank
        line(out, "{\"id\": \"2501.00012\", \"title\": \"Two\"}{\"id\": \"2501.00112\", \"title\": \"on one line\"}"); // 12
        out.write("{\"id\": \"2501.00013\", \"title\": \"Good three, CRLF\"}\r\n".getBytes(StandardCharsets.UTF_8)); // 13
        line(out, "42");                                                                        // 14
        out.write("{\"id\": \"2501.00015\", \"title\": \"Good four, no final newline\"}".getBytes(StandardCharsets.UTF_8)); // 15
        Files.write(file, out.toByteArray());

        ImportReport report = importFile(file);

        assertThat(report.read()).isEqualTo(13);
        assertThat(report.added()).isEqualTo(4);
        assertThat(report.skippedCount()).isEqualTo(9);
        List<ImportReport.Skipped> skipped = report.skipped();
        assertThat(skipped).extracting(ImportReport.Skipped::line).containsExactly(2L, 5L, 6L, 7L, 8L, 9L, 10L, 12L, 14L);
        assertThat(skipped).allSatisfy(s -> assertThat(s.file()).isEqualTo(file));
        assertThat(skipped.get(0).reason()).startsWith("malformed JSON: ");
        assertThat(skipped.get(1).reason()).isEqualTo("'title' is missing");
        assertThat(skipped.get(2).reason()).isEqualTo("invalid id '2513.00006'");
        assertThat(skipped.get(3).reason()).isEqualTo("invalid UTF-8");
        assertThat(skipped.get(4).reason()).isEqualTo("invalid UTF-8");
        assertThat(skipped.get(5).reason()).isEqualTo("abstract too long (5,000,000 characters, limit 20,000)");
        assertThat(skipped.get(6).reason()).isEqualTo("not a JSON object");
        assertThat(skipped.get(7).reason()).startsWith("malformed JSON: Trailing token");
        assertThat(skipped.get(8).reason()).isEqualTo("not a JSON object");
        assertThat(skipped.get(3).toString()).isEqualTo("bad.jsonl:7: invalid UTF-8");

        assertThat(papersInCatalog()).extracting(p -> p.id().value())
                .containsExactly("2501.00001", "2501.00004", "2501.00013", "2501.00015");
        assertThat(catalog.find(new PaperId("2501.00013")).orElseThrow().title()).isEqualTo("Good three, CRLF");
        assertThat(report.skippedByReason()).containsEntry("invalid UTF-8", 2L)
                .containsEntry("abstract too long", 1L)
                .containsEntry("not a JSON object", 2L)
                .containsEntry("'title' is missing", 1L);
    }

    @Test
    void hostileRecordsAreSkippedWithShortReasonsWithoutAbortingTheImport() throws Exception {
        Path file = tmp.resolve("hostile.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"id\": \"2501.00001\", \"title\": \"Good one\"}",
                "{\"id\": \"2501." + "1".repeat(100_000) + "\", \"title\": \"Huge id\"}",
                "{\"id\": \"2501.00003\", \"title\": \"Far future\", \"submitted\": \"+300000000-01-01T00:00:00Z\"}",
                "[".repeat(1_000) + "]".repeat(1_000),
                "{\"id\": \"2501.00005\", \"title\": \"Huge number\", \"version\": " + "9".repeat(2_000) + "}",
                "{\"id\": \"2501.00006\", \"title\": \"Good two\"}") + "\n");

        ImportReport report = importFile(file);

        assertThat(report.skipped()).extracting(ImportReport.Skipped::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(report.skipped()).allSatisfy(s -> assertThat(s.reason()).hasSizeLessThan(300));
        assertThat(report.skipped().get(0).reason()).startsWith("invalid id '2501.1111");
        assertThat(report.skipped().get(1).reason()).isEqualTo("submission time +300000000-01-01T00:00:00Z is out of range");
        assertThat(report.skipped().get(2).reason()).startsWith("malformed JSON: ");
        assertThat(papersInCatalog()).extracting(p -> p.title()).containsExactly("Good one", "Good two");
    }

    @Test
    void dropsTheCharactersXmlForbidsAndWarnsOfThemByLine() throws Exception {
        // As JSON escapes: NUL, BEL, the non-character U+FFFE and a lone high surrogate.
        String dirty = "\\u0000\\u0007\\uFFFE\\uD800";
        Path file = Files.writeString(tmp.resolve("dirty.jsonl"), String.join("\n",
                "{\"id\": \"2501.00001\", \"title\": \"Clean\"}",
                "{\"id\": \"2501.00002\", \"title\": \"Bell" + dirty + " rings\", \"abstract\": \"A" + dirty + "\", "
                        + "\"authors\": [\"Ada" + dirty + "\"], \"comment\": \"c\\u0007\"}",
                "{\"id\": \"2501.00003\", \"title\": \"\\u0000\"}") + "\n");

        ImportReport report = importFile(file);

        assertThat(report.added()).isEqualTo(1 + 1);
        Paper cleaned = catalog.find(new PaperId("2501.00002")).orElseThrow();
        assertThat(cleaned.title()).isEqualTo("Bell rings");
        assertThat(cleaned.abstractText()).isEqualTo("A");
        assertThat(cleaned.authors()).containsExactly("Ada");
        assertThat(cleaned.comments()).isEqualTo("c");
        assertThat(report.warnings()).singleElement().hasToString("dirty.jsonl:2: warning: removed characters XML "
                + "forbids from 'title' (U+0000, U+0007, U+FFFE, U+D800), 'abstract' (U+0000, U+0007, U+FFFE, U+D800), "
                + "'authors' (U+0000, U+0007, U+FFFE, U+D800), 'comment' (U+0007)");
        assertThat(report.skipped()).singleElement().hasToString("dirty.jsonl:3: title is missing");
        assertThat(report.summary(5)).startsWith("read 3  added 2  updated 0  unchanged 0  skipped 1  warnings 1")
                .contains("\n  dirty.jsonl:2: warning: removed characters XML forbids from 'title'");
    }

    @Test
    void skipsRecordsDatedInTheFutureOrBeforeArxivInEveryFormat() throws Exception {
        Importer asOfMarch2025 = new Importer(new Catalog(database, Clock.fixed(Instant.parse("2025-03-20T12:00:00Z"), ZoneOffset.UTC)));
        Path own = Files.writeString(tmp.resolve("own.jsonl"), String.join("\n",
                "{\"id\": \"2503.00001\", \"title\": \"Announced tomorrow\", \"announced\": \"2025-03-21\"}",
                "{\"id\": \"2503.00002\", \"title\": \"Pinned\", \"announced\": \"9999-12-31\"}",
                "{\"id\": \"2503.00003\", \"title\": \"Early\", \"submitted\": \"2025-04-01T00:00:00Z\"}",
                "{\"id\": \"2503.00004\", \"title\": \"Late\", \"updated\": \"2100-01-01T00:00:00Z\"}",
                "{\"id\": \"hep-th/9901001\", \"title\": \"Before arXiv\", \"submitted\": \"1987-01-01T00:00:00Z\"}") + "\n");
        Path snapshot = Files.writeString(tmp.resolve("snapshot.jsonl"), String.join("\n",
                snapshotRecord("2503.00011", "Fri, 14 Mar 2025 17:59:59 GMT"),
                snapshotRecord("2503.00012", "Tue, 31 Dec 2999 10:00:00 GMT"),
                snapshotRecord("hep-th/9901012", "Mon, 1 Jan 1990 10:00:00 GMT")) + "\n");

        ImportReport report = asOfMarch2025.importFiles(List.of(own, snapshot, Fixtures.scifactCorpus()), null, Importer.Progress.NONE);

        assertThat(report.skipped()).extracting(ImportReport.Skipped::toString).containsExactly(
                "own.jsonl:2: announcement day 9999-12-31 is in the future",
                "own.jsonl:3: submission time 2025-04-01T00:00:00Z is in the future",
                "own.jsonl:4: update time 2100-01-01T00:00:00Z is in the future",
                "own.jsonl:5: submission time 1987-01-01T00:00:00Z is before arXiv began (1991)",
                "snapshot.jsonl:2: submission time 2999-12-31T10:00:00Z is in the future",
                "snapshot.jsonl:3: submission time 1990-01-01T10:00:00Z is before arXiv began (1991)");
        assertThat(report.added()).as("the good lines, and the BEIR corpus, which has no dates").isEqualTo(2 + 20);
        assertThat(catalog.find(new PaperId("2503.00001"))).isPresent();
        assertThat(catalog.find(new PaperId("2503.00011"))).isPresent();
    }

    private static String snapshotRecord(String id, String created) {
        return "{\"id\": \"" + id + "\", \"title\": \"Snapshot " + id + "\", \"categories\": \"hep-th\", "
                + "\"versions\": [{\"version\": \"v1\", \"created\": \"" + created + "\"}]}";
    }

    @Test
    void theSummaryCountsGroupsAndListsTheSkippedRecords() throws Exception {
        Path file = tmp.resolve("summary.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"id\": \"2501.00001\", \"title\": \"Good\"}",
                "{\"id\": \"2501.00002\"}",
                "{\"id\": \"2501.00003\", \"title\": \"" + "t".repeat(1_500) + "\"}",
                "{\"id\": \"2501.00004\", \"title\": \"" + "t".repeat(2_500) + "\"}",
                "{\"id\": \"2501.00005\"}") + "\n");

        ImportReport report = importFile(file);

        assertThat(report.summary(3)).isEqualTo(String.join(System.lineSeparator(),
                "read 5  added 1  updated 0  unchanged 0  skipped 4",
                "  skipped 2: 'title' is missing",
                "  skipped 2: title too long")
                + "\n  summary.jsonl:2: 'title' is missing"
                + "\n  summary.jsonl:3: title too long (1,500 characters, limit 1,000)"
                + "\n  summary.jsonl:4: title too long (2,500 characters, limit 1,000)"
                + System.lineSeparator() + "  ... and 1 more skipped records");
        assertThat(report.summary(10)).endsWith("summary.jsonl:5: 'title' is missing").doesNotContain("more skipped");
    }

    @Test
    void keepsTheFirstThousandProblemsButCountsThemAll() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1_500; i++) {
            lines.append("{\"id\": \"2501.").append(String.format("%05d", i)).append("\"}\n");
        }
        lines.append("{\"id\": \"2502.00001\", \"title\": \"The only good one\"}\n");
        Path file = Files.writeString(tmp.resolve("many-bad.jsonl"), "{\"id\": \"2502.00000\", \"title\": \"First\"}\n" + lines);

        ImportReport report = importFile(file);

        assertThat(report.skippedCount()).isEqualTo(1_500);
        assertThat(report.skipped()).hasSize(ImportReport.MAX_KEPT_PROBLEMS);
        assertThat(report.skipped().getLast().line()).isEqualTo(1_001);
        assertThat(report.skippedByReason()).containsExactly(java.util.Map.entry("'title' is missing", 1_500L));
        assertThat(report.summary(20)).endsWith("... and 1,480 more skipped records");
        assertThat(report.added()).isEqualTo(2);
    }

    @Test
    void aLineLongerThanTheLimitIsSkippedAndTheNextLineStillReads() throws Exception {
        Path file = tmp.resolve("long-line.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"id\": \"2501.00001\", \"title\": \"Before\"}\n".getBytes(StandardCharsets.UTF_8));
            out.write("{\"id\": \"2501.00002\", \"title\": \"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 9; i++) {
                out.write(chunk);
            }
            out.write("\"}\n{\"id\": \"2501.00003\", \"title\": \"After\"}\n".getBytes(StandardCharsets.UTF_8));
        }

        ImportReport report = importFile(file);

        assertThat(report.skipped()).singleElement().satisfies(s -> {
            assertThat(s.line()).isEqualTo(2);
            assertThat(s.reason()).isEqualTo("line longer than 8,388,608 bytes");
        });
        assertThat(papersInCatalog()).extracting(p -> p.title()).containsExactly("Before", "After");
    }

    @Test
    void anOlderVersionInTheFileIsReportedWithoutALineNumber() throws Exception {
        Path newer = Files.writeString(tmp.resolve("newer.jsonl"), "{\"id\": \"2501.00001v3\", \"title\": \"Third\"}\n");
        Path older = Files.writeString(tmp.resolve("older.jsonl"), "{\"id\": \"2501.00001v2\", \"title\": \"Second\"}\n");

        ImportReport report = importer.importFiles(List.of(newer, older), null, Importer.Progress.NONE);

        assertThat(report.added()).isEqualTo(1);
        assertThat(report.skipped()).singleElement().satisfies(s -> {
            assertThat(s.file()).isEqualTo(older);
            assertThat(s.line()).isZero();
            assertThat(s.toString()).isEqualTo("older.jsonl: older than the stored version of 2501.00001");
        });
        Paper stored = catalog.find(new PaperId("2501.00001")).orElseThrow();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.title()).isEqualTo("Third");
    }

    @Test
    void aMissingFileIsAnIOExceptionThatNamesIt() {
        Path missing = tmp.resolve("no-such-file.jsonl");

        assertThatThrownBy(() -> importFile(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read " + missing + ": no such readable file");
        assertThatThrownBy(() -> importFile(tmp))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read " + tmp + ": no such readable file");
        assertThat(catalog.count()).isZero();
    }

    @Test
    void anUnreadableFileIsAnIOExceptionThatNamesIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("secret.jsonl"), "{\"id\": \"2501.00001\", \"title\": \"Hidden\"}\n");
        Files.setPosixFilePermissions(file, java.util.Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file),
                "running as root: file permissions do not stop reading");

        assertThatThrownBy(() -> importFile(file))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read " + file + ": no such readable file");
        assertThat(catalog.count()).isZero();
    }

    @Test
    void filesBeforeAMissingOneStayImported() throws Exception {
        Path good = Files.writeString(tmp.resolve("good.jsonl"), "{\"id\": \"2501.00001\", \"title\": \"Good\"}\n");

        assertThatThrownBy(() -> importer.importFiles(List.of(good, tmp.resolve("missing.jsonl")), null, Importer.Progress.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.jsonl");
        assertThat(catalog.count()).isEqualTo(1);
    }

    @Test
    void aTruncatedGzipFileIsAnIOExceptionThatNamesIt() throws Exception {
        byte[] full = gzip(ownFormat(IntStream.range(0, 3_000).mapToObj(TestPapers::synthetic).toList()));
        Path truncated = Files.write(tmp.resolve("truncated.jsonl.gz"), Arrays.copyOf(full, full.length / 2));

        assertThatThrownBy(() -> importFile(truncated))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read " + truncated + ": ");
        assertThat(parserThreads(truncated)).isEmpty();
        // what was read before the damage is whole batches or nothing: never a partial one
        assertThat(catalog.count() % Importer.BATCH_SIZE).isZero();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // guards against a hang only
    void aStoreThatFailsMidImportSurfacesItsErrorAndLeavesNoParserThreadBehind() throws Exception {
        // Enough batches that the parser, running ahead, waits on a full queue when the writer fails.
        Path file = Files.write(tmp.resolve("doomed.jsonl"),
                ownFormat(IntStream.range(0, 8 * Importer.BATCH_SIZE).mapToObj(TestPapers::synthetic).toList()));
        String dbUrl = "jdbc:sqlite:" + tmp.resolve("store/paperboy.db");
        try (Connection other = DriverManager.getConnection(dbUrl); Statement sql = other.createStatement()) {
            sql.execute("CREATE TRIGGER disk_full BEFORE INSERT ON papers BEGIN SELECT RAISE(ABORT, 'disk is full'); END");
            // Another writer holds the lock until the parser has filled the queue, so the failure finds it waiting.
            sql.execute("BEGIN IMMEDIATE");
            CompletableFuture<ImportReport> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return importFile(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            awaitParserWaitingOnAFullQueue(file);
            sql.execute("ROLLBACK");

            assertThatThrownBy(running::join).hasCauseInstanceOf(StorageException.class).hasMessageContaining("disk is full");
        }
        assertThat(parserThreads(file)).as("parser threads still alive").isEmpty();
        assertThat(catalog.count()).isZero();
    }

    private static void awaitParserWaitingOnAFullQueue(Path file) throws InterruptedException {
        while (parserThreads(file).stream().noneMatch(t -> t.getState() == Thread.State.WAITING)) {
            Thread.sleep(10);
        }
    }

    private static List<Thread> parserThreads(Path file) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("import-parser " + file.getFileName()) && t.isAlive()).toList();
    }

    @Test
    void reportsProgressInBytesOfTheFile() throws Exception {
        Path file = Files.write(tmp.resolve("progress.jsonl.gz"),
                gzip(ownFormat(IntStream.range(0, 5_000).mapToObj(TestPapers::synthetic).toList())));
        List<String> events = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        Importer.Progress recorder = new Importer.Progress() {
            public void start(Path f, long totalBytes) {
                events.add("start " + f.getFileName() + " " + totalBytes);
            }

            public void advance(long bytesConsumed) {
                positions.add(bytesConsumed);
            }

            public void finish() {
                events.add("finish");
            }
        };

        importer.importFiles(List.of(file), null, recorder);

        assertThat(events).containsExactly("start progress.jsonl.gz " + Files.size(file), "finish");
        assertThat(positions).isSorted().isNotEmpty();
        assertThat(positions.getLast()).isEqualTo(Files.size(file));
    }

    // ---- helpers

    private List<Paper> papersInCatalog() {
        List<Paper> papers = new ArrayList<>();
        catalog.forEach(papers::add);
        return papers;
    }

    static byte[] ownFormat(List<Paper> papers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Paper paper : papers) {
            out.write(JSON.writeValueAsBytes(PaperboyFormat.toJson(paper)));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static void line(ByteArrayOutputStream out, String text) throws IOException {
        line(out, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void line(ByteArrayOutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.write('\n');
    }

    /** Text and raw byte values, concatenated: for lines that are deliberately not UTF-8. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
