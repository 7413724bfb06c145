package org.paperboy.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One paper as the catalog knows it: the latest version's metadata. Construction validates every field, so a
 * {@code Paper} that exists is one the catalog may store; it drops the characters XML forbids from every text (see
 * {@link XmlChars}), whichever way the paper came, and so from papers stored before it did.
 *
 * @param id          canonical id, without version
 * @param version     latest version number known (1 when the source does not say)
 * @param authors     author names in the order the paper lists them
 * @param categories  arXiv categories, primary first, then cross-lists
 * @param submittedAt when version 1 was submitted, if known
 * @param updatedAt   when the latest version was submitted, if known
 * @param announced   the day arXiv announced the paper in its listings, if known
 */
public record Paper(
        PaperId id,
        int version,
        String title,
        String abstractText,
        List<String> authors,
        List<String> categories,
        String comments,
        String journalRef,
        String doi,
        String license,
        Instant submittedAt,
        Instant updatedAt,
        LocalDate announced) {

    /** Limits well above anything arXiv holds (its abstracts stop at 1,920 characters), far below what hurts us. */
    public static final int MAX_TITLE = 1_000;
    public static final int MAX_ABSTRACT = 20_000;
    public static final int MAX_AUTHORS = 5_000;
    public static final int MAX_AUTHOR_NAME = 300;
    public static final int MAX_CATEGORIES = 20;
    public static final int MAX_NOTE = 2_000;

    /** How far ahead of the writer's clock a date may be: time zones, and arXiv announcing at midnight UTC. */
    public static final Duration FUTURE_MARGIN = Duration.ofDays(2);
    /** arXiv opened in August 1991; an arXiv paper dated before that year is mis-dated. */
    private static final Instant ARXIV_BEGAN = Instant.parse("1991-01-01T00:00:00Z");

    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z-]{0,30}(\\.[A-Za-z][A-Za-z-]{0,30})?");

    public Paper {
        require(id != null, "id is missing");
        if (version < 1 || version > 9999) {
            throw new InvalidPaperException("version " + version + " is out of range");
        }
        title = normalizeSpace(title);
        require(title != null && !title.isEmpty(), "title is missing");
        requireLength("title", title, MAX_TITLE);
        abstractText = abstractText == null ? "" : XmlChars.strip(abstractText).strip();
        requireLength("abstract", abstractText, MAX_ABSTRACT);
        authors = authors == null ? List.of() : authors.stream().map(Paper::normalizeSpace)
                .filter(a -> a != null && !a.isEmpty()).toList();
        if (authors.size() > MAX_AUTHORS) {
            throw new InvalidPaperException("too many authors (" + authors.size() + ", limit " + MAX_AUTHORS + ")");
        }
        for (String author : authors) {
            requireLength("author name", author, MAX_AUTHOR_NAME);
        }
        categories = categories == null ? List.of() : categories.stream().distinct().toList();
        if (categories.size() > MAX_CATEGORIES) {
            throw new InvalidPaperException("too many categories (" + categories.size() + ")");
        }
        for (String category : categories) {
            if (!isArxivCategory(category)) {
                throw new InvalidPaperException("invalid category '" + PaperId.abbreviate(category) + "'");
            }
        }
        comments = optionalText("comments", comments);
        journalRef = optionalText("journal reference", journalRef);
        doi = optionalText("DOI", doi);
        license = optionalText("license", license);
        requireStorable("submission time", submittedAt);
        requireStorable("update time", updatedAt);
    }

    /** arXiv's taxonomy names look like cs.CL, hep-th or cond-mat.mes-hall; MSC and ACM class codes do not. */
    public static boolean isArxivCategory(String category) {
        return category != null && CATEGORY.matcher(category).matches();
    }

    public String primaryCategory() {
        return categories.isEmpty() ? null : categories.getFirst();
    }

    /** The date a reader would call "published": the first submission, else the announcement. */
    public LocalDate publishedOn() {
        if (submittedAt != null) {
            return LocalDate.ofInstant(submittedAt, ZoneOffset.UTC);
        }
        return announced;
    }

    /**
     * Refuses dates that cannot be true: after {@code now} plus {@link #FUTURE_MARGIN} (one such date would pin the
     * paper at the top of every newest-first list), or, for an arXiv paper, before arXiv began. Not part of
     * construction, which also reads stored papers back: this is for papers about to be written.
     *
     * @throws InvalidPaperException naming the implausible date
     */
    public void requirePlausibleDates(Instant now) {
        Instant latest = now.plus(FUTURE_MARGIN);
        requirePlausible("submission time", submittedAt, submittedAt, latest);
        requirePlausible("update time", updatedAt, updatedAt, latest);
        requirePlausible("announcement day", announced,
                announced == null ? null : announced.atStartOfDay(ZoneOffset.UTC).toInstant(), latest);
    }

    private void requirePlausible(String field, Object date, Instant at, Instant latest) {
        if (at != null && at.isAfter(latest)) {
            throw new InvalidPaperException(field + " " + date + " is in the future");
        }
        if (at != null && id.isArxiv() && at.isBefore(ARXIV_BEGAN)) {
            throw new InvalidPaperException(field + " " + date + " is before arXiv began (1991)");
        }
    }

    /**
     * Whether the paper is withdrawn. arXiv withdraws a paper by a new version whose comments say so ("This paper
     * has been withdrawn by the author"), never by deleting it; the snapshot and OAI-PMH both carry those comments,
     * so every way a paper comes in agrees.
     */
    public boolean withdrawn() {
        return comments != null && comments.toLowerCase(java.util.Locale.ROOT).contains("withdrawn");
    }

    public Paper withVersion(int newVersion) {
        return new Paper(id, newVersion, title, abstractText, authors, categories, comments, journalRef, doi, license,
                submittedAt, updatedAt, announced);
    }

    /** Only the catalog sets a paper's day, as its listings say (see {@link Announcements}). */
    Paper withAnnounced(LocalDate day) {
        return new Paper(id, version, title, abstractText, authors, categories, comments, journalRef, doi, license,
                submittedAt, updatedAt, day);
    }

    private static String optionalText(String field, String value) {
        String v = normalizeSpace(value);
        if (v == null || v.isEmpty()) {
            return null;
        }
        requireLength(field, v, MAX_NOTE);
        return v;
    }

    /**
     * arXiv hard-wraps titles and names; one space is what a reader sees. Characters XML forbids go first, so that
     * the spaces around one become a single space.
     */
    private static String normalizeSpace(String s) {
        if (s == null) {
            return null;
        }
        String stripped = XmlChars.strip(s).strip();
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || (i + 1 < stripped.length() && Character.isWhitespace(stripped.charAt(i + 1))))) {
                return WHITESPACE_RUN.matcher(stripped).replaceAll(" ");
            }
        }
        return stripped;
    }

    private static void requireLength(String field, String value, int max) {
        if (value.length() > max) {
            throw new InvalidPaperException(String.format("%s too long (%,d characters, limit %,d)", field, value.length(), max));
        }
    }

    /** The catalog stores instants as epoch milliseconds; one beyond that range would fail the whole batch. */
    private static void requireStorable(String field, Instant instant) {
        if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
            throw new InvalidPaperException(field + " " + instant + " is out of range");
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidPaperException(problem);
        }
    }
}
