package org.paperboy.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.XmlChars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams JSON-lines files into the catalog. Parsing runs on its own thread and hands batches to the writer through a
 * small bounded queue, so memory stays constant and parsing overlaps with database writes. Each batch is one
 * transaction: a crash keeps the batches already committed and none of the next, and re-running the import finishes
 * the job without duplicating anything.
 */
public final class Importer {

    private static final Logger log = LoggerFactory.getLogger(Importer.class);
    /** Room for a record with a 5 MB abstract to be read and refused by name rather than as an unreadable line. */
    static final int MAX_LINE_BYTES = 8 << 20;
    static final int BATCH_SIZE = 2_000;

    private final Catalog catalog;
    private final ObjectMapper json;

    public Importer(Catalog catalog) {
        this.catalog = catalog;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(MAX_LINE_BYTES).build())
                .build();
        // A line holding more than one value ({...}{...}) is malformed, not a record whose rest may be dropped unseen.
        this.json = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Progress of one file: bytes of it consumed so far, out of its size. */
    public interface Progress {
        void start(Path file, long totalBytes);

        void advance(long bytesConsumed);

        void finish();

        Progress NONE = new Progress() {
            public void start(Path file, long totalBytes) {}

            public void advance(long bytesConsumed) {}

            public void finish() {}
        };
    }

    /**
     * Imports the files in order.
     *
     * @param format the files' format, or null to detect it per file from its first record
     */
    public ImportReport importFiles(List<Path> files, RecordFormat format, Progress progress) throws IOException {
        ImportReport report = new ImportReport();
        for (Path file : files) {
            importFile(file, format, report, progress);
        }
        return report;
    }

    private void importFile(Path file, RecordFormat format, ImportReport report, Progress progress) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("cannot read " + file + ": no such readable file");
        }
        log.atInfo().addKeyValue("file", file).log("import started");
        progress.start(file, Files.size(file));
        BlockingQueue<Catalog.Batch> batches = new ArrayBlockingQueue<>(4);
        Parser parser = new Parser(file, format, report, batches, progress::advance);
        Thread parsing = Thread.ofPlatform().name("import-parser " + file.getFileName()).daemon().start(parser);
        try {
            write(file, batches, report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("import interrupted", e);
        } finally {
            // A writer that stopped early no longer takes batches: the parser would wait on a full queue forever.
            parsing.interrupt();
            joinUninterruptibly(parsing);
            progress.finish();
        }
        if (parser.failure != null) {
            throw parser.failure;
        }
        log.atInfo().addKeyValue("file", file).addKeyValue("read", report.read()).log("import finished");
    }

    /** Writes batches until the parser's end mark; returns early only by throwing. */
    private void write(Path file, BlockingQueue<Catalog.Batch> batches, ImportReport report) throws InterruptedException {
        while (true) {
            Catalog.Batch batch = batches.take();
            if (batch.size() == 0) {
                return;
            }
            Catalog.UpsertResult result = catalog.upsert(batch);
            report.countWritten(result.added(), result.updated(), result.unchanged());
            result.olderThanStored().forEach(id -> report.skip(file, 0, "older than the stored version of " + id));
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads, validates and prepares batches of one file; an empty batch marks the end. */
    private final class Parser implements Runnable {
        private final Path file;
        private RecordFormat format;
        private final ImportReport report;
        private final BlockingQueue<Catalog.Batch> batches;
        private final LongConsumer progress;
        volatile IOException failure;

        Parser(Path file, RecordFormat format, ImportReport report, BlockingQueue<Catalog.Batch> batches, LongConsumer progress) {
            this.file = file;
            this.format = format;
            this.report = report;
            this.batches = batches;
            this.progress = progress;
        }

        @Override
        public void run() {
            try {
                parseAll();
            } catch (InterruptedException e) {
                return; // the writer stopped and waits for no end mark
            } catch (IOException e) {
                failure = new IOException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                // Anything unexpected must end the import as a failure, never as a quiet partial success.
                failure = new IOException("import of " + file + " failed: " + e, e);
            }
            try {
                batches.put(catalog.prepare(List.of()));
            } catch (InterruptedException e) {
                // the writer stopped: nobody reads the end mark
            }
        }

        private void parseAll() throws IOException, InterruptedException {
            try (JsonLinesReader reader = new JsonLinesReader(file, MAX_LINE_BYTES)) {
                List<Paper> batch = new ArrayList<>(BATCH_SIZE);
                JsonLinesReader.Line line;
                while ((line = reader.next()) != null) {
                    report.countRead();
                    Paper paper = parse(line);
                    if (paper != null) {
                        batch.add(paper);
                    }
                    if (batch.size() == BATCH_SIZE) {
                        batches.put(catalog.prepare(batch));
                        batch = new ArrayList<>(BATCH_SIZE);
                        progress.accept(reader.bytesConsumed());
                    }
                }
                if (!batch.isEmpty()) {
                    batches.put(catalog.prepare(batch));
                }
                progress.accept(reader.bytesConsumed());
            }
        }

        private Paper parse(JsonLinesReader.Line line) {
            if (line.problem() != null) {
                report.skip(file, line.number(), line.problem());
                return null;
            }
            try {
                JsonNode record = json.readTree(line.bytes());
                if (record == null || !record.isObject()) {
                    throw new InvalidPaperException("not a JSON object");
                }
                if (format == null) {
                    format = RecordFormat.detect(record);
                    log.atInfo().addKeyValue("file", file).addKeyValue("format", format.name()).log("format detected");
                }
                Paper paper = format.toPaper(record);
                catalog.requirePlausibleDates(paper);
                warnOfForbiddenCharacters(record, line.number());
                return paper;
            } catch (JsonProcessingException e) {
                report.skip(file, line.number(), "malformed JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                report.skip(file, line.number(), "malformed JSON: " + e.getMessage());
            } catch (InvalidPaperException e) {
                report.skip(file, line.number(), e.getMessage());
            }
            return null;
        }

        /** The paper lacks them already (see {@link XmlChars}); the report says where they were. */
        private void warnOfForbiddenCharacters(JsonNode record, long lineNumber) {
            Map<String, Set<String>> byField = new LinkedHashMap<>();
            record.properties().forEach(field -> collectForbidden(field.getKey(), field.getValue(), byField));
            if (!byField.isEmpty()) {
                report.warn(file, lineNumber, "removed characters XML forbids from " + byField.entrySet().stream()
                        .map(e -> "'" + e.getKey() + "' (" + String.join(", ", e.getValue()) + ")")
                        .collect(Collectors.joining(", ")));
            }
        }

        /** Text in lists and nested objects counts under the top-level field that holds it. */
        private static void collectForbidden(String field, JsonNode node, Map<String, Set<String>> byField) {
            if (node.isTextual()) {
                Set<String> forbidden = XmlChars.forbiddenIn(node.textValue());
                if (!forbidden.isEmpty()) {
                    byField.computeIfAbsent(field, f -> new LinkedHashSet<>()).addAll(forbidden);
                }
            } else if (node.isContainerNode()) {
                node.forEach(child -> collectForbidden(field, child, byField));
            }
        }
    }
}
