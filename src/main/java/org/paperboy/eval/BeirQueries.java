package org.paperboy.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The queries of a BEIR data set, from {@code queries.jsonl}: one JSON object a line,
 * {@code {"_id": "0", "text": "...", "metadata": {...}}}. {@code metadata} and other fields are ignored; an {@code _id}
 * written as a JSON number is taken as its text.
 */
public final class BeirQueries {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, String> textById;

    private BeirQueries(Map<String, String> textById) {
        this.textById = textById;
    }

    public static BeirQueries of(Map<String, String> textById) {
        return new BeirQueries(Collections.unmodifiableMap(new LinkedHashMap<>(textById)));
    }

    /**
     * Reads a queries file (plain or gzipped); blank lines are skipped.
     *
     * @throws BeirDataException naming the file and line of the first bad line: malformed JSON, not an object, no
     *         {@code _id} or an empty one, no {@code text} or a blank one, or an {@code _id} seen before
     */
    public static BeirQueries load(Path file) throws IOException {
        Map<String, String> textById = new LinkedHashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        TextLines.forEach(file, (number, line) -> {
            if (line.isBlank()) {
                return;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new BeirDataException(file, number, "malformed JSON: " + e.getOriginalMessage());
            }
            if (record == null || !record.isObject()) {
                throw new BeirDataException(file, number, "not a JSON object");
            }
            String id = scalarText(record.get("_id"));
            if (id == null || id.isBlank()) {
                throw new BeirDataException(file, number, "'_id' is missing (or not a string or number)");
            }
            JsonNode text = record.get("text");
            if (text == null || !text.isTextual() || text.textValue().isBlank()) {
                throw new BeirDataException(file, number, "query " + Qrels.abbreviate(id)
                        + ": 'text' is missing, blank or not a string");
            }
            if (textById.putIfAbsent(id, text.textValue()) != null) {
                throw new BeirDataException(file, number, "query id " + Qrels.abbreviate(id)
                        + " appears twice (first on line " + lineOf.get(id) + ")");
            }
            lineOf.put(id, number);
        });
        if (textById.isEmpty()) {
            throw new BeirDataException(file, "no queries in the file");
        }
        return new BeirQueries(Collections.unmodifiableMap(textById));
    }

    private static String scalarText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node.isIntegralNumber() ? node.asText() : null;
    }

    public Optional<String> text(String queryId) {
        return Optional.ofNullable(textById.get(queryId));
    }

    /** Query id to text, in the order of the file. */
    public Map<String, String> all() {
        return textById;
    }

    public int size() {
        return textById.size();
    }
}
