package org.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;

/** Small text helpers for pages and templates. */
public final class Text {

    private Text() {}

    /**
     * arXiv hard-wraps abstracts at 80 columns; a browser should wrap them itself. Blank lines stay paragraphs: a run
     * of whitespace holding one line break becomes a space, one holding two or more becomes a paragraph break (the
     * whitespace before its first and after its last line break is kept). One pass, no regular expressions: pages
     * unwrap every abstract they show, and {@code split}/{@code replaceAll} were the daily page's top cost.
     */
    public static String unwrap(String text) {
        if (text == null) {
            return "";
        }
        // A list page unwraps each abstract twice per view (teaser and full text); see UNWRAPPED.
        return text.length() < 200 ? unwrapNow(text) : UNWRAPPED.get(text, Text::unwrapNow);
    }

    /** The paragraphs of an unwrapped text: the pieces between its paragraph breaks ({@code "\n\n"}). */
    public static java.util.List<String> paragraphs(String text) {
        String unwrapped = unwrap(text);
        java.util.List<String> paragraphs = new java.util.ArrayList<>();
        int start = 0;
        for (int end; (end = unwrapped.indexOf("\n\n", start)) >= 0; start = end + 2) {
            paragraphs.add(unwrapped.substring(start, end));
        }
        paragraphs.add(unwrapped.substring(start));
        return paragraphs;
    }

    /**
     * Abstracts unwrapped lately, by the identity of the abstract: the catalog hands out the same paper, so the same
     * {@code String}, until the paper changes. Weak keys: an entry goes when its paper is no longer held anywhere.
     */
    private static final Cache<String, String> UNWRAPPED = Caffeine.newBuilder().weakKeys().maximumSize(5_000).build();

    private static String unwrapNow(String text) {
        String s = text.strip();
        if (s.indexOf('\n') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char ch = s.charAt(i);
            if (!isRegexSpace(ch)) {
                out.append(ch);
                i++;
                continue;
            }
            int end = i;
            int first = -1;
            int last = -1;
            while (end < n && isRegexSpace(s.charAt(end))) {
                if (s.charAt(end) == '\n') {
                    if (first < 0) {
                        first = end;
                    }
                    last = end;
                }
                end++;
            }
            if (first < 0) {
                out.append(s, i, end);
            } else if (first == last) {
                out.append(' ');
            } else {
                out.append(s, i, first).append("\n\n").append(s, last + 1, end);
            }
            i = end;
        }
        return out.toString();
    }

    /** What {@code \\s} matches in a Java regular expression. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    public static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * The preview of a text and the rest, so that the rest continues exactly where the preview stops: the preview ends
     * at the last sentence (or paragraph) end within {@code max} characters if one falls in its second half, else at the
     * last word end; a text with no space there is cut at the next space after {@code max}, never inside a word or
     * link. The rest is empty when the text is short.
     */
    public static String[] teaser(String text, int max) {
        if (text.length() <= max) {
            return new String[] {text, ""};
        }
        int cut = sentenceEnd(text, max);
        if (cut < 0) {
            cut = lastSpace(text, max);
        }
        if (cut < max / 2) {
            cut = nextSpace(text, max);
        }
        String rest = text.substring(cut).strip();
        return rest.isEmpty() ? new String[] {text, ""} : new String[] {text.substring(0, cut).strip(), rest};
    }

    /** The teaser's first part, ending in "…" when the text goes on. */
    public static String preview(String text, int max) {
        String[] parts = teaser(text, max);
        return parts[1].isEmpty() ? parts[0] : parts[0] + " …";
    }

    /** The end of the last sentence within the first {@code max} characters and past half of them, or -1. */
    private static int sentenceEnd(String text, int max) {
        for (int i = Math.min(max, text.length() - 1); i > max / 2; i--) {
            if (Character.isWhitespace(text.charAt(i)) && endsSentence(text, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the text before the space at {@code i} ends a sentence: ". The", "?\n\nWe"; not "e.g. the". */
    private static boolean endsSentence(String text, int i) {
        char before = text.charAt(i - 1);
        if (text.charAt(i) == '\n') {
            return true;
        }
        int next = i + 1;
        return (before == '.' || before == '?' || before == '!') && next < text.length()
                && (Character.isUpperCase(text.charAt(next)) || Character.isDigit(text.charAt(next)));
    }

    private static int lastSpace(String text, int max) {
        for (int i = Math.min(max, text.length() - 1); i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int nextSpace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return text.length();
    }

    /** The authors a list shows, at most {@code shown}; {@link #othersLabel} says how many more there are. */
    public static List<String> shownAuthors(List<String> authors, int shown) {
        return authors.size() <= shown ? authors : authors.subList(0, shown);
    }

    /** " and 12 others" after the authors a list shows, or "" when it shows them all. */
    public static String othersLabel(List<String> authors, int shown) {
        int others = authors.size() - shown;
        return others <= 0 ? "" : " and " + others + (others == 1 ? " other" : " others");
    }

    /** "A, B, C and 12 others" for long author lists. */
    public static String authorLine(List<String> authors, int shown) {
        return String.join(", ", shownAuthors(authors, shown)) + othersLabel(authors, shown);
    }

    /** A query-string value: "a&b c" becomes "a%26b+c". */
    public static String url(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** "match" → "matches", "address" → "addresses"; without a regular expression (every list item asks). */
    private static boolean takesEs(String noun) {
        return noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("z") || noun.endsWith("ch") || noun.endsWith("sh");
    }

    public static String plural(long count, String noun) {
        String suffix = count == 1 ? "" : takesEs(noun) ? "es" : "s";
        if (count >= 0 && count < 1000) {
            // No separator to insert: skip String.format, which every list item on a page used to go through.
            return count + " " + noun + suffix;
        }
        return String.format("%,d %s%s", count, noun, suffix);
    }
}
