package org.paperboy.ingest.arxiv;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * Reads an answer of arXiv's search API ({@code export.arxiv.org/api/query}) into {@link Paper}s made as the other
 * formats make them: authors in order with LaTeX accents converted, categories primary first, the version from the
 * entry's id, {@code published} as version 1's submission and {@code updated} as this version's. arXiv reports a
 * refused query as a feed with one entry titled {@code Error}; that entry is no paper but the answer's
 * {@link Answer#error()}. Not thread-safe; cheap to create.
 */
public final class ArxivApiReader {

    private static final String ERROR_ID = "/api/errors";

    /**
     * What the answer held besides the papers, which went to the consumer one by one.
     *
     * @param error    arXiv's message when it refused the query, else null
     * @param papers   how many papers went to the consumer
     * @param problems how many entries were reported and skipped
     */
    public record Answer(String error, int papers, int problems) {

        public boolean isError() {
            return error != null;
        }

        /** No paper, no problem and no error: what arXiv answers for ids it does not have. */
        public boolean isEmpty() {
            return error == null && papers == 0 && problems == 0;
        }
    }

    /**
     * @throws MalformedResponseException when the answer is no well-formed Atom feed or breaks a limit
     * @throws IOException                when the stream itself fails
     */
    public Answer read(InputStream in, Consumer<Paper> papers, Consumer<RecordProblem> problems) throws IOException {
        String[] error = {null};
        int[] counts = {0, 0};
        new AtomReader().read(in, entry -> {
            if (isError(entry)) {
                error[0] = errorMessage(entry);
                return;
            }
            Paper paper;
            try {
                paper = toPaper(entry);
            } catch (InvalidPaperException e) {
                counts[1]++;
                problems.accept(new RecordProblem(entry.childText("id"), e.getMessage()));
                return;
            }
            counts[0]++;
            papers.accept(paper);
        }, problem -> {
            counts[1]++;
            problems.accept(problem);
        });
        return new Answer(error[0], counts[0], counts[1]);
    }

    /** An error entry's id points into arXiv's error list; a paper titled "Error" still has an abs link. */
    private static boolean isError(XmlElement entry) {
        String id = entry.childText("id");
        return (id != null && id.contains(ERROR_ID))
                || ("Error".equals(entry.childText("title")) && (id == null || PaperId.tryParseArxiv(id).isEmpty()));
    }

    private static String errorMessage(XmlElement entry) {
        String summary = entry.childText("summary");
        return summary == null ? "arXiv refused the query without saying why" : PaperId.abbreviate(summary);
    }

    /** @throws InvalidPaperException when the entry lacks or mangles what a paper needs */
    static Paper toPaper(XmlElement entry) {
        String idText = entry.childText("id");
        if (idText == null) {
            throw new InvalidPaperException("'id' is missing");
        }
        PaperId.Versioned id = PaperId.parseArxiv(idText);
        List<String> authors = new ArrayList<>();
        for (XmlElement author : entry.children("author")) {
            String name = author.childText("name");
            authors.add(name == null ? "" : ArxivMetadata.fromLatex(name));
        }
        Instant published = instant(entry.childText("published"), "published");
        Instant updated = instant(entry.childText("updated"), "updated");
        return new Paper(id.id(), Math.max(1, id.version()), entry.childText("title"), entry.childText("summary"),
                authors, categories(entry), entry.childText("comment"), entry.childText("journal_ref"),
                entry.childText("doi"), entry.childText("license"), published, updated == null ? published : updated,
                null);
    }

    /** The primary category first, then every category term; Paper drops the repetition. */
    private static List<String> categories(XmlElement entry) {
        List<String> terms = new ArrayList<>();
        XmlElement primary = entry.child("primary_category");
        if (primary != null && primary.attribute("term") != null) {
            terms.add(primary.attribute("term"));
        }
        for (XmlElement category : entry.children("category")) {
            if (category.attribute("term") != null) {
                terms.add(category.attribute("term"));
            }
        }
        return ArxivMetadata.categories(terms);
    }

    private static Instant instant(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidPaperException("invalid " + field + " date '" + PaperId.abbreviate(text) + "'");
        }
    }
}
