package org.paperboy.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/** Words as keyword search sees them (English stop words dropped, Porter stems), for filters and the "why" line. */
final class Terms {

    /** Thread-safe: Lucene analyzers keep their per-thread state themselves. */
    private static final Analyzer ENGLISH = new EnglishAnalyzer();

    private Terms() {}

    static Set<String> stems(String text) {
        return words(text).keySet();
    }

    /** Each stem of the text with the first word it came from: "retrieval" → "retriev" ← "Retrieval". */
    static Map<String, String> words(String text) {
        Map<String, String> words = new LinkedHashMap<>();
        try (TokenStream stream = ENGLISH.tokenStream("text", text == null ? "" : text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                words.putIfAbsent(term.toString(), text.substring(offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string does not fail to read
        }
        return words;
    }

    /** The query's words whose stems the text has, in the query's order. */
    static Set<String> shared(String query, Set<String> textStems) {
        Set<String> shared = new LinkedHashSet<>();
        words(query).forEach((stem, word) -> {
            if (textStems.contains(stem)) {
                shared.add(word.toLowerCase(java.util.Locale.ROOT));
            }
        });
        return shared;
    }
}
