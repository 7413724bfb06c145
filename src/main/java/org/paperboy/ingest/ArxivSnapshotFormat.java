package org.paperboy.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.ingest.arxiv.ArxivMetadata;

/**
 * arXiv's bulk metadata snapshot ({@code arxiv-metadata-oai-snapshot.json}), one object a line with {@code id},
 * {@code authors} (one string), {@code authors_parsed} ([last, first, suffix] triples), {@code categories}
 * (space-separated, primary first), {@code versions} ([{version: "v1", created: RFC 1123 date}]), and more.
 */
public final class ArxivSnapshotFormat implements RecordFormat {

    @Override
    public String name() {
        return "arxiv-snapshot";
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return record.has("id") && (record.has("versions") || record.has("authors_parsed") || record.has("update_date"));
    }

    @Override
    public Paper toPaper(JsonNode record) {
        PaperId.Versioned id = PaperId.parseArxiv(RecordFormat.requiredText(record, "id"));
        List<Version> versions = versions(record.get("versions"));
        String categories = RecordFormat.text(record, "categories");
        return new Paper(id.id(),
                versions.isEmpty() ? Math.max(1, id.version()) : versions.getLast().number(),
                RecordFormat.requiredText(record, "title"),
                RecordFormat.text(record, "abstract"),
                authors(record),
                ArxivMetadata.categories(categories),
                RecordFormat.text(record, "comments"),
                RecordFormat.text(record, "journal-ref"),
                RecordFormat.text(record, "doi"),
                RecordFormat.text(record, "license"),
                versions.isEmpty() ? null : versions.getFirst().created(),
                versions.isEmpty() ? null : versions.getLast().created(),
                null);
    }

    private record Version(int number, Instant created) {}

    private static List<Version> versions(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidPaperException("'versions' must be a list");
        }
        List<Version> versions = new ArrayList<>();
        for (JsonNode v : node) {
            versions.add(new Version(ArxivMetadata.versionNumber(v.path("version").asText("")),
                    ArxivMetadata.versionDate(v.path("created").asText(""))));
        }
        versions.sort(Comparator.comparingInt(Version::number));
        return versions;
    }

    /** Prefers the parsed triples ("Last, First, Suffix"), which need no guessing at commas and "and". */
    private static List<String> authors(JsonNode record) {
        JsonNode parsed = record.get("authors_parsed");
        List<String> names = new ArrayList<>();
        if (parsed != null && parsed.isArray() && !parsed.isEmpty()) {
            for (JsonNode triple : parsed) {
                names.add(ArxivMetadata.joinName(triple.path(1).asText(""), triple.path(0).asText(""), triple.path(2).asText("")));
            }
            return names;
        }
        String authors = RecordFormat.text(record, "authors");
        return authors == null ? names : ArxivMetadata.splitAuthors(authors);
    }
}
