package org.paperboy.mail.digest;

import java.util.List;

/** How a digest shortens what it shows of a paper, and writes untrusted text into HTML. */
final class DigestText {

    static final int ABSTRACT_LENGTH = 400;
    static final int AUTHORS_SHOWN = 3;

    private DigestText() {}

    /** "A, B, C et al." */
    static String authors(List<String> authors) {
        if (authors.size() <= AUTHORS_SHOWN) {
            return String.join(", ", authors);
        }
        return String.join(", ", authors.subList(0, AUTHORS_SHOWN)) + " et al.";
    }

    /** The first {@link #ABSTRACT_LENGTH} characters or so, cut after a word, with "…" when cut; one paragraph. */
    static String shortAbstract(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        if (flat.length() <= ABSTRACT_LENGTH) {
            return flat;
        }
        int cut = flat.lastIndexOf(' ', ABSTRACT_LENGTH);
        cut = cut < ABSTRACT_LENGTH / 2 ? ABSTRACT_LENGTH : cut;
        if (Character.isHighSurrogate(flat.charAt(cut - 1))) {
            cut--;
        }
        return flat.substring(0, cut).stripTrailing() + "…";
    }

    /** Text for HTML element content and quoted attribute values. */
    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
