package org.paperboy.search;

import java.util.Locale;

/** How a query is matched: by its words (BM25), by meaning (embeddings), or both fused (the default). */
public enum SearchMode {
    KEYWORD, SEMANTIC, HYBRID;

    public static SearchMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("mode must be keyword, semantic or hybrid, not '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
