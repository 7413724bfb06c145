package org.paperboy.web;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Small text helpers for pages and templates. */
public final class Text {

    private Text() {}

    /** arXiv hard-wraps abstracts at 80 columns; a browser should wrap them itself. Blank lines stay paragraphs. */
    public static String unwrap(String text) {
        if (text == null) {
            return "";
        }
        return Arrays.stream(text.strip().split("\\n\\s*\\n"))
                .map(paragraph -> paragraph.replaceAll("\\s*\\n\\s*", " "))
                .collect(Collectors.joining("\n\n"));
    }

    public static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** "A, B, C and 12 others" for long author lists. */
    public static String authorLine(List<String> authors, int shown) {
        if (authors.size() <= shown) {
            return String.join(", ", authors);
        }
        int others = authors.size() - shown;
        return String.join(", ", authors.subList(0, shown)) + " and " + others + (others == 1 ? " other" : " others");
    }

    /** A query-string value: "a&b c" becomes "a%26b+c". */
    public static String url(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String plural(long count, String noun) {
        return String.format("%,d %s%s", count, noun, count == 1 ? "" : "s");
    }
}
