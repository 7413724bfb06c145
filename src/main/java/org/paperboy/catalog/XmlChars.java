package org.paperboy.catalog;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The characters XML 1.0 cannot carry, not even escaped: controls other than tab, line feed and carriage return,
 * U+FFFE and U+FFFF, and surrogates that are not half of a pair. One of them in a paper's text made every Atom feed
 * holding the paper fail, so the catalog keeps none of them and the feeds drop any that come another way.
 */
public final class XmlChars {

    private XmlChars() {}

    private static boolean isAllowed(int codePoint) {
        return codePoint >= 0x20 && codePoint <= 0xD7FF
                || codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || codePoint >= 0xE000 && codePoint <= 0xFFFD
                || codePoint >= 0x10000 && codePoint <= 0x10FFFF;
    }

    /** The text without the characters XML forbids: the same string when it holds none, as nearly all do. */
    public static String strip(String text) {
        int first = firstForbidden(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        text.substring(first).codePoints().filter(XmlChars::isAllowed).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The distinct forbidden characters of the text as "U+0000", in order of appearance; empty for null. */
    public static Set<String> forbiddenIn(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (firstForbidden(text) >= 0) {
            text.codePoints().filter(c -> !isAllowed(c)).forEach(c -> found.add(String.format("U+%04X", c)));
        }
        return found;
    }

    private static int firstForbidden(String text) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!isAllowed(codePoint)) {
                return i;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }
}
