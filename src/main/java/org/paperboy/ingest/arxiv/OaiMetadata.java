package org.paperboy.ingest.arxiv;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * A {@code <record>} of arXiv's OAI-PMH service in one of its metadata formats ({@code arXivRaw}, {@code arXiv},
 * {@code oai_dc}) as an {@link OaiRecord}, read as {@link org.paperboy.ingest.ArxivSnapshotFormat} reads the snapshot.
 */
final class OaiMetadata {

    private static final String ID_PREFIX = "oai:arXiv.org:";
    private static final String DC_COMMENT = "Comment:";

    private OaiMetadata() {}

    /** @throws InvalidPaperException when the record lacks or mangles what a paper needs */
    static OaiRecord toRecord(XmlElement record) {
        XmlElement header = require(record.child("header"), "the record has no header");
        if ("deleted".equals(header.attribute("status"))) {
            throw new InvalidPaperException("the record is marked deleted");
        }
        LocalDate datestamp = day(header.childText("datestamp"), "datestamp");
        List<String> sets = header.children("setSpec").stream().map(XmlElement::text).toList();
        XmlElement metadata = require(record.child("metadata"), "the record has no metadata");
        XmlElement body = require(metadata.children().isEmpty() ? null : metadata.children().getFirst(),
                "the record's metadata is empty");
        return switch (body.name()) {
            case "arXivRaw" -> arxivRaw(body, datestamp, sets);
            case "arXiv" -> arxiv(body, datestamp, sets);
            case "dc" -> dublinCore(body, header, datestamp, sets);
            default -> throw new InvalidPaperException("unknown metadata format '" + PaperId.abbreviate(body.name()) + "'");
        };
    }

    /** The record's OAI identifier, for reports; null when it has none. */
    static String identifier(XmlElement record) {
        XmlElement header = record.child("header");
        return header == null ? null : header.childText("identifier");
    }

    private static OaiRecord arxivRaw(XmlElement raw, LocalDate datestamp, List<String> sets) {
        List<OaiRecord.Version> versions = new ArrayList<>();
        for (XmlElement v : raw.children("version")) {
            versions.add(new OaiRecord.Version(ArxivMetadata.versionNumber(String.valueOf(v.attribute("version"))),
                    ArxivMetadata.versionDate(v.childText("date")), v.childText("size")));
        }
        versions.sort(Comparator.comparingInt(OaiRecord.Version::number));
        PaperId.Versioned id = PaperId.parseArxiv(require(raw.childText("id"), "'id' is missing"));
        String authors = raw.childText("authors");
        Paper paper = new Paper(id.id(),
                versions.isEmpty() ? Math.max(1, id.version()) : versions.getLast().number(),
                raw.childText("title"), raw.childText("abstract"),
                authors == null ? List.of() : ArxivMetadata.splitAuthors(authors),
                ArxivMetadata.categories(raw.childText("categories")),
                raw.childText("comments"), raw.childText("journal-ref"), raw.childText("doi"), raw.childText("license"),
                versions.isEmpty() ? null : versions.getFirst().submitted(),
                versions.isEmpty() ? null : versions.getLast().submitted(),
                null);
        boolean emptyLastVersion = !versions.isEmpty() && "0kb".equalsIgnoreCase(versions.getLast().size());
        return new OaiRecord(paper, datestamp, sets, versions, emptyLastVersion || saysWithdrawn(paper));
    }

    /** The {@code arXiv} format: the latest version only, its dates as days, authors split into their parts. */
    private static OaiRecord arxiv(XmlElement arxiv, LocalDate datestamp, List<String> sets) {
        PaperId.Versioned id = PaperId.parseArxiv(require(arxiv.childText("id"), "'id' is missing"));
        List<String> authors = new ArrayList<>();
        XmlElement list = arxiv.child("authors");
        for (XmlElement author : list == null ? List.<XmlElement>of() : list.children("author")) {
            authors.add(ArxivMetadata.joinName(text(author, "forenames"), text(author, "keyname"), text(author, "suffix")));
        }
        Instant created = startOf(arxiv.childText("created"), "created");
        Instant updated = startOf(arxiv.childText("updated"), "updated");
        Paper paper = new Paper(id.id(), Math.max(1, id.version()), arxiv.childText("title"), arxiv.childText("abstract"),
                authors, ArxivMetadata.categories(arxiv.childText("categories")),
                arxiv.childText("comments"), arxiv.childText("journal-ref"), arxiv.childText("doi"),
                arxiv.childText("license"), created, updated == null ? created : updated, null);
        return new OaiRecord(paper, datestamp, sets, List.of(), saysWithdrawn(paper));
    }

    /**
     * Dublin Core: the id from the header, creators as "Last, First", the abstract and then "Comment: …" as
     * descriptions, one date per version. Its subjects are words ("Computer Science - Information Theory"), not
     * category codes, so the paper has none.
     */
    private static OaiRecord dublinCore(XmlElement dc, XmlElement header, LocalDate datestamp, List<String> sets) {
        String identifier = require(header.childText("identifier"), "the record has no identifier");
        PaperId id = PaperId.parseArxiv(identifier.startsWith(ID_PREFIX) ? identifier.substring(ID_PREFIX.length()) : identifier).id();
        List<String> authors = new ArrayList<>();
        for (XmlElement creator : dc.children("creator")) {
            String[] parts = creator.text().split(",", 2);
            authors.add(parts.length == 2 ? ArxivMetadata.joinName(parts[1], parts[0], "") : ArxivMetadata.fromLatex(parts[0]));
        }
        String abstractText = null;
        String comments = null;
        for (XmlElement description : dc.children("description")) {
            String text = description.text();
            if (text.startsWith(DC_COMMENT)) {
                comments = text.substring(DC_COMMENT.length());
            } else if (abstractText == null) {
                abstractText = text;
            }
        }
        List<XmlElement> dates = dc.children("date");
        Paper paper = new Paper(id, Math.max(1, dates.size()), dc.childText("title"), abstractText, authors, List.of(),
                comments, null, null, dc.childText("rights"),
                dates.isEmpty() ? null : startOf(dates.getFirst().text(), "date"),
                dates.isEmpty() ? null : startOf(dates.getLast().text(), "date"), null);
        return new OaiRecord(paper, datestamp, sets, List.of(), saysWithdrawn(paper));
    }

    private static boolean saysWithdrawn(Paper paper) {
        return paper.withdrawn();
    }

    private static String text(XmlElement parent, String childName) {
        String value = parent.childText(childName);
        return value == null ? "" : value;
    }

    private static Instant startOf(String day, String field) {
        LocalDate date = day(day, field);
        return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate day(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidPaperException("invalid " + field + " '" + PaperId.abbreviate(text) + "'");
        }
    }

    private static <T> T require(T value, String problem) {
        if (value == null) {
            throw new InvalidPaperException(problem);
        }
        return value;
    }
}
