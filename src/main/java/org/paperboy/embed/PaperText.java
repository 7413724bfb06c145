package org.paperboy.embed;

import java.util.regex.Pattern;
import org.paperboy.catalog.Paper;

/**
 * The text a paper is embedded from: {@link EmbeddingModel#documentText} of its title and abstract, with arXiv's hard
 * line breaks and runs of white space collapsed to single spaces. Everything that embeds papers (the job, a test
 * recomputing shipped vectors) goes through here, so equal papers always give equal text.
 */
public final class PaperText {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private PaperText() {}

    public static String of(Paper paper) {
        return of(paper.title(), paper.abstractText());
    }

    public static String of(String title, String abstractText) {
        return EmbeddingModel.documentText(collapse(title), abstractText == null ? null : collapse(abstractText));
    }

    static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
