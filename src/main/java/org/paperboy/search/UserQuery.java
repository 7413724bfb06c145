package org.paperboy.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * A search box's text, parsed into clauses. The syntax is the one researchers know from arXiv and search engines:
 * <pre>
 *   diffusion transformer          words (ranked by BM25, any may match)
 *   "scaling laws"                 a phrase
 *   -survey  -ti:survey            exclude
 *   ti:  au:  abs:  cat:  id:      restrict to title, authors, abstract, category, arXiv id
 * </pre>
 * Parsing never fails: an unbalanced quote ends at the end of the text, unknown fields ({@code foo:bar}) are plain
 * words, and characters that are syntax elsewhere ({@code * ? ~ ^ [ ( :}) are just punctuation here, dropped by the
 * analyzer. At most {@value #MAX_CLAUSES} clauses and {@value #MAX_WORDS} words in all are kept (words as the
 * analyzer splits them: "text-to-video" is three), the rest is ignored. That bounds the work of any query: the terms
 * of the keyword query, and the text the embedding model reads (its cost grows with the length before the model's own
 * cut at 512 word pieces).
 */
public record UserQuery(List<Clause> clauses) {

    static final int MAX_CLAUSES = 64;
    static final int MAX_WORDS = 32;
    /** Also bounds the model's input when the words are long (32 words of gibberish are many word pieces). */
    static final int MAX_SEMANTIC_CHARS = 300;

    /** Where a clause looks. ANY means title, abstract and authors with their usual weights. */
    public enum Field { ANY, TITLE, AUTHORS, ABSTRACT, CATEGORY, ID }

    /** One word or phrase, its field, and whether it must not match. */
    public record Clause(Field field, String text, boolean phrase, boolean excluded) {}

    public static UserQuery parse(String input) {
        List<Clause> clauses = new ArrayList<>();
        String s = input == null ? "" : input;
        int i = 0;
        int words = 0;
        while (i < s.length() && clauses.size() < MAX_CLAUSES && words < MAX_WORDS) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            boolean excluded = false;
            // "-word", "-ti:word", "-\"a phrase\"" exclude; "-2" or "-0.5" is just a number.
            if (s.charAt(i) == '-' && i + 1 < s.length() && (Character.isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '"')) {
                excluded = true;
                i++;
            }
            Field field = Field.ANY;
            int colon = fieldEnd(s, i);
            if (colon > 0) {
                Field named = fieldNamed(s.substring(i, colon));
                if (named != null && colon + 1 < s.length() && !Character.isWhitespace(s.charAt(colon + 1))) {
                    field = named;
                    i = colon + 1;
                }
            }
            String text;
            boolean phrase = false;
            if (s.charAt(i) == '"') {
                int close = s.indexOf('"', i + 1);
                int end = close < 0 ? s.length() : close;
                text = s.substring(i + 1, end);
                phrase = true;
                i = close < 0 ? s.length() : close + 1;
            } else {
                int end = i;
                while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
                    end++;
                }
                text = s.substring(i, end);
                i = end;
            }
            Words kept = Words.first(text.strip(), MAX_WORDS - words);
            words += kept.count();
            if (!kept.text().isBlank()) {
                clauses.add(new Clause(field, kept.text(), phrase, excluded));
            }
        }
        return new UserQuery(List.copyOf(clauses));
    }

    /**
     * The words a semantic model should see: everything not excluded and not a filter-like field, cut to at most
     * {@value #MAX_SEMANTIC_CHARS} characters.
     */
    public String semanticText() {
        StringBuilder text = new StringBuilder();
        for (Clause clause : clauses) {
            if (!clause.excluded() && clause.field() != Field.CATEGORY && clause.field() != Field.ID
                    && clause.field() != Field.AUTHORS) {
                text.append(text.isEmpty() ? "" : " ").append(clause.text());
            }
        }
        if (text.length() <= MAX_SEMANTIC_CHARS) {
            return text.toString();
        }
        int lastSpace = text.lastIndexOf(" ", MAX_SEMANTIC_CHARS);
        return text.substring(0, lastSpace > 0 ? lastSpace : MAX_SEMANTIC_CHARS);
    }

    public boolean isEmpty() {
        return clauses.stream().allMatch(Clause::excluded);
    }

    /** The start of a text up to its {@code max}-th word (all of it when shorter), and how many words that is. */
    private record Words(String text, int count) {
        static Words first(String text, int max) {
            try (StandardTokenizer tokenizer = new StandardTokenizer()) {
                OffsetAttribute offsets = tokenizer.addAttribute(OffsetAttribute.class);
                tokenizer.setReader(new StringReader(text));
                tokenizer.reset();
                int count = 0;
                int end = 0;
                while (count < max && tokenizer.incrementToken()) {
                    count++;
                    end = offsets.endOffset();
                }
                boolean more = count == max && tokenizer.incrementToken();
                tokenizer.end();
                // A clause without words (punctuation) still counts: the parse always moves on to its end.
                return new Words(more ? text.substring(0, end) : text, Math.max(count, 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringReader does not fail
            }
        }
    }

    /** The index of the ':' ending a field name that starts at {@code from}, or -1. */
    private static int fieldEnd(String s, int from) {
        for (int j = from; j < s.length() && j - from <= 8; j++) {
            char c = s.charAt(j);
            if (c == ':') {
                return j > from ? j : -1;
            }
            if (!Character.isLetter(c)) {
                return -1;
            }
        }
        return -1;
    }

    private static Field fieldNamed(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ti", "title" -> Field.TITLE;
            case "au", "author" -> Field.AUTHORS;
            case "abs", "abstract" -> Field.ABSTRACT;
            case "cat", "category" -> Field.CATEGORY;
            case "id" -> Field.ID;
            default -> null;
        };
    }
}
