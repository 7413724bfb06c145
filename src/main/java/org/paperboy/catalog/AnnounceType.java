package org.paperboy.catalog;

import java.util.Optional;

/**
 * What an announcement made of a paper, as arXiv's announcement feeds say ({@code arxiv:announce_type}), in the order a
 * day's listing shows them: new submissions (in the listed category), cross-lists of new submissions from other
 * categories, then replacements (new versions) and replacements of cross-listed papers.
 */
public enum AnnounceType {
    NEW("new"),
    CROSS("cross"),
    REPLACE("replace"),
    REPLACE_CROSS("replace-cross");

    private final String code;

    AnnounceType(String code) {
        this.code = code;
    }

    /** As the feeds and the store spell it: {@code new}, {@code cross}, {@code replace}, {@code replace-cross}. */
    public String code() {
        return code;
    }

    /** Its place in a day's listing, first 0. */
    public int rank() {
        return ordinal();
    }

    public static Optional<AnnounceType> fromCode(String code) {
        for (AnnounceType type : values()) {
            if (type.code.equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
