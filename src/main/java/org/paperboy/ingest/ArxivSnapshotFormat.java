package org.paperboy.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * arXiv's bulk metadata snapshot ({@code arxiv-metadata-oai-snapshot.json}), one object a line with {@code id},
 * {@code authors} (one string), {@code authors_parsed} ([last, first, suffix] triples), {@code categories}
 * (space-separated, primary first), {@code versions} ([{version: "v1", created: RFC 1123 date}]), and more.
 */
public final class ArxivSnapshotFormat implements RecordFormat {

    /** LaTeX accent commands in author names, as the combining marks Unicode uses for them. */
    private static final Map<Character, Character> ACCENTS = Map.ofEntries(
            Map.entry('\'', '\u0301'), Map.entry('`', '\u0300'), Map.entry('^', '\u0302'), Map.entry('"', '\u0308'),
            Map.entry('~', '\u0303'), Map.entry('=', '\u0304'), Map.entry('.', '\u0307'), Map.entry('c', '\u0327'),
            Map.entry('v', '\u030C'), Map.entry('u', '\u0306'), Map.entry('H', '\u030B'), Map.entry('k', '\u0328'));
    private static final Pattern ACCENTED = Pattern.compile("\\{?\\\\(['`^\"~=.cvuHk])\\s*\\{?\\\\?([A-Za-z])\\}?\\}?");
    private static final Pattern VERSION = Pattern.compile("v(\\d{1,4})");

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
                categories == null ? List.of() : RecordFormat.arxivCategories(Arrays.asList(categories.strip().split("\\s+"))),
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
            Matcher m = VERSION.matcher(v.path("version").asText(""));
            if (!m.matches()) {
                throw new InvalidPaperException("invalid version '" + v.path("version").asText("") + "'");
            }
            versions.add(new Version(Integer.parseInt(m.group(1)), created(v.path("created").asText(""))));
        }
        versions.sort(java.util.Comparator.comparingInt(Version::number));
        return versions;
    }

    private static Instant created(String rfc1123) {
        if (rfc1123.isEmpty()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(rfc1123, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidPaperException("invalid version date '" + rfc1123 + "'");
        }
    }

    /** Prefers the parsed triples ("Last, First, Suffix"), which need no guessing at commas and "and". */
    private static List<String> authors(JsonNode record) {
        JsonNode parsed = record.get("authors_parsed");
        List<String> names = new ArrayList<>();
        if (parsed != null && parsed.isArray() && !parsed.isEmpty()) {
            for (JsonNode triple : parsed) {
                String last = triple.path(0).asText("").strip();
                String first = triple.path(1).asText("").strip();
                String suffix = triple.path(2).asText("").strip();
                names.add(fromLatex(String.join(" ", List.of(first, last, suffix).stream().filter(s -> !s.isEmpty()).toList())));
            }
            return names;
        }
        String authors = RecordFormat.text(record, "authors");
        if (authors != null) {
            for (String name : authors.replaceAll("\\s+and\\s+", ", ").split(",")) {
                names.add(fromLatex(name));
            }
        }
        return names;
    }

    /** {@code Bal\'azs} becomes {@code Balázs}. */
    static String fromLatex(String name) {
        if (name.indexOf('\\') < 0) {
            return name;
        }
        Matcher m = ACCENTED.matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String letter = m.group(2);
            Character mark = ACCENTS.get(m.group(1).charAt(0));
            String replacement = mark == null ? letter : letter + mark;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return Normalizer.normalize(out.toString(), Normalizer.Form.NFC).replace("{", "").replace("}", "");
    }
}
