package org.paperboy.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.PaperId;
import org.paperboy.ingest.BeirCorpusFormat;

/**
 * How a BEIR corpus's own ids ({@code _id}, what the qrels name) map to the catalog ids its documents get on import
 * ({@code beir:4983}; an {@code _id} that is an arXiv id stays one, version dropped). Worked out with the importer's
 * own {@link BeirCorpusFormat}, so the two always agree; documents the importer refuses are listed.
 */
public final class CorpusIds {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<PaperId, String> corpusIdByPaper;
    private final Set<String> corpusIds;
    private final List<String> refused;

    private CorpusIds(Map<PaperId, String> corpusIdByPaper, List<String> refused) {
        this.corpusIdByPaper = corpusIdByPaper;
        this.corpusIds = Set.copyOf(corpusIdByPaper.values());
        this.refused = refused;
    }

    /** Reads the corpus's ids (plain or gzipped {@code corpus.jsonl}) as {@code format} maps them. */
    public static CorpusIds read(Path corpus, BeirCorpusFormat format) throws IOException {
        Map<PaperId, String> byPaper = new HashMap<>();
        List<String> refused = new ArrayList<>();
        TextLines.forEach(corpus, (number, line) -> {
            if (line.isBlank()) {
                return;
            }
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                refused.add("line " + number);
                return;
            }
            JsonNode rawId = record == null ? null : record.get("_id");
            String corpusId = rawId == null || rawId.isNull() || rawId.isContainerNode() ? "line " + number : rawId.asText();
            try {
                if (record == null || !record.isObject()) {
                    throw new InvalidPaperException("not a JSON object");
                }
                byPaper.put(format.toPaper(record).id(), corpusId);
            } catch (InvalidPaperException e) {
                refused.add(corpusId);
            }
        });
        return new CorpusIds(Collections.unmodifiableMap(byPaper), List.copyOf(refused));
    }

    /** For tests and corpora read elsewhere. */
    public static CorpusIds of(Map<PaperId, String> corpusIdByPaper) {
        return new CorpusIds(Map.copyOf(corpusIdByPaper), List.of());
    }

    /**
     * The corpus id of a catalog paper. A paper the corpus did not hold (another import into the same store) keeps
     * its catalog id, less a {@code beir:} namespace.
     */
    public String corpusId(PaperId paper) {
        String id = corpusIdByPaper.get(paper);
        if (id != null) {
            return id;
        }
        String value = paper.value();
        String prefix = BeirCorpusFormat.DEFAULT_NAMESPACE + ":";
        return value.startsWith(prefix) ? value.substring(prefix.length()) : value;
    }

    /** Documents in the corpus, once each (two records with the same id count once, as the catalog holds them). */
    public int size() {
        return corpusIdByPaper.size();
    }

    /** The {@code _id}s (or "line N" where there is none) of records the importer refuses: they cannot be found. */
    public List<String> refused() {
        return refused;
    }

    /** Whether the corpus holds a document with this {@code _id} that the importer accepts. */
    public boolean contains(String corpusId) {
        return corpusIds.contains(corpusId);
    }
}
