package org.paperboy.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;

/** One JSON-lines dialect that {@code paperboy import} understands: how a line becomes a {@link Paper}. */
public sealed interface RecordFormat permits PaperboyFormat, ArxivSnapshotFormat, BeirCorpusFormat {

    /** The name used on the command line ({@code --format NAME}). */
    String name();

    /** Whether a record looks like this format; used to detect the format of a file from its first record. */
    boolean recognizes(JsonNode record);

    /** @throws InvalidPaperException when the record lacks or mangles what a paper needs */
    Paper toPaper(JsonNode record);

    static List<RecordFormat> all() {
        return List.of(new PaperboyFormat(), new ArxivSnapshotFormat(), new BeirCorpusFormat(BeirCorpusFormat.DEFAULT_NAMESPACE));
    }

    static RecordFormat named(String name) {
        for (RecordFormat format : all()) {
            if (format.name().equals(name.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "' (known: auto, "
                + String.join(", ", all().stream().map(RecordFormat::name).toList()) + ")");
    }

    /** The first format that recognizes the record, most specific first. */
    static RecordFormat detect(JsonNode record) {
        for (RecordFormat format : List.of(new ArxivSnapshotFormat(), new BeirCorpusFormat(BeirCorpusFormat.DEFAULT_NAMESPACE),
                new PaperboyFormat())) {
            if (format.recognizes(record)) {
                return format;
            }
        }
        throw new InvalidPaperException("cannot tell the format of this record (expected Paperboy's own, "
                + "arXiv's metadata snapshot or a BEIR corpus); choose one with --format");
    }

    // Field access shared by the formats: absent and null are the same; a wrong type is the record's fault.

    static String text(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidPaperException("'" + field + "' must be a string");
        }
        return node.textValue();
    }

    static String requiredText(JsonNode record, String field) {
        String value = text(record, field);
        if (value == null || value.isBlank()) {
            throw new InvalidPaperException("'" + field + "' is missing");
        }
        return value;
    }

    static List<String> textList(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidPaperException("'" + field + "' must be a list of strings");
        }
        if (node.size() > Paper.MAX_AUTHORS) {
            throw new InvalidPaperException("'" + field + "' has too many entries (" + node.size() + ")");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new InvalidPaperException("'" + field + "' must be a list of strings");
            }
            values.add(element.textValue());
        }
        return values;
    }
}
