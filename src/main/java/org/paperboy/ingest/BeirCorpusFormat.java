package org.paperboy.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * A BEIR {@code corpus.jsonl}: {@code {"_id": "4983", "title": "...", "text": "...", "metadata": {...}}}. An {@code _id}
 * that is an arXiv id is kept as one; any other becomes {@code namespace:_id} (namespace {@value #DEFAULT_NAMESPACE}
 * unless the import names another).
 */
public record BeirCorpusFormat(String namespace) implements RecordFormat {

    public static final String DEFAULT_NAMESPACE = "beir";

    @Override
    public String name() {
        return "beir";
    }

    @Override
    public boolean recognizes(JsonNode record) {
        return record.has("_id") && record.has("text");
    }

    @Override
    public Paper toPaper(JsonNode record) {
        String rawId = RecordFormat.requiredText(record, "_id");
        PaperId id = PaperId.tryParseArxiv(rawId).map(PaperId.Versioned::id)
                .orElseGet(() -> PaperId.namespaced(namespace, rawId));
        return new Paper(id, 1, RecordFormat.requiredText(record, "title"), RecordFormat.text(record, "text"),
                List.of(), List.of(), null, null, null, null, null, null, null);
    }
}
