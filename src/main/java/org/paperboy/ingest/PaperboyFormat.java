package org.paperboy.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.ingest.arxiv.ArxivMetadata;

/**
 * Paperboy's own JSON-lines format, written by {@code paperboy export}. One object a line:
 * <pre>{"id": "2503.11731", "version": 2, "title": "...", "abstract": "...", "authors": ["..."],
 *  "categories": ["cs.CV", "cs.RO"], "comment": "...", "journal_ref": "...", "doi": "...", "license": "...",
 *  "submitted": "2025-03-14T17:59:59Z", "updated": "...", "announced": "2025-03-18"}</pre>
 * Only {@code id} and {@code title} are required; the demo corpus is a file of this format.
 */
public final class PaperboyFormat implements RecordFormat {

    @Override
    public String name() {
        return "paperboy";
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return record.has("id") && record.has("title");
    }

    @Override
    public Paper toPaper(JsonNode record) {
        PaperId.Versioned id = PaperId.tryParseArxiv(RecordFormat.requiredText(record, "id"))
                .or(() -> PaperId.tryParse(record.get("id").textValue()).map(p -> new PaperId.Versioned(p, 0)))
                .orElseThrow(() -> new InvalidPaperException("invalid id '" + PaperId.abbreviate(record.get("id").textValue()) + "'"));
        int version = record.path("version").asInt(Math.max(1, id.version()));
        return new Paper(id.id(), version,
                RecordFormat.requiredText(record, "title"),
                RecordFormat.text(record, "abstract"),
                RecordFormat.textList(record, "authors"),
                ArxivMetadata.categories(RecordFormat.textList(record, "categories")),
                RecordFormat.text(record, "comment"),
                RecordFormat.text(record, "journal_ref"),
                RecordFormat.text(record, "doi"),
                RecordFormat.text(record, "license"),
                instant(record, "submitted"),
                instant(record, "updated"),
                date(record, "announced"));
    }

    /** The record {@link #toPaper} reads back to an equal paper. */
    public static ObjectNode toJson(Paper paper) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", paper.id().value());
        json.put("version", paper.version());
        json.put("title", paper.title());
        json.put("abstract", paper.abstractText());
        paper.authors().forEach(json.putArray("authors")::add);
        paper.categories().forEach(json.putArray("categories")::add);
        putIfPresent(json, "comment", paper.comments());
        putIfPresent(json, "journal_ref", paper.journalRef());
        putIfPresent(json, "doi", paper.doi());
        putIfPresent(json, "license", paper.license());
        putIfPresent(json, "submitted", paper.submittedAt());
        putIfPresent(json, "updated", paper.updatedAt());
        putIfPresent(json, "announced", paper.announced());
        return json;
    }

    private static void putIfPresent(ObjectNode json, String field, Object value) {
        if (value != null) {
            json.put(field, value.toString());
        }
    }

    private static Instant instant(JsonNode record, String field) {
        String text = RecordFormat.text(record, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidPaperException("'" + field + "' is not an ISO-8601 instant such as 2025-03-14T17:59:59Z");
        }
    }

    private static LocalDate date(JsonNode record, String field) {
        String text = RecordFormat.text(record, field);
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidPaperException("'" + field + "' is not a date such as 2025-03-18");
        }
    }
}
