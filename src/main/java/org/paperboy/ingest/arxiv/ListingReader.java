package org.paperboy.ingest.arxiv;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Announcement;
import org.paperboy.catalog.PaperId;

/**
 * Reads one of arXiv's announcement feeds ({@code https://rss.arxiv.org/atom/cs+math}) into announcements: each entry's
 * paper (without version), version, announce type and listing day. An entry that cannot be read (an id that is no
 * arXiv id, an announce type arXiv has not defined, a missing or malformed date) is reported and skipped; a document
 * that is no Atom feed fails as a whole.
 */
public final class ListingReader {

    private static final String ID_PREFIX = "oai:arXiv.org:";

    /** What "today" is, to refuse a listing dated after it. */
    private final Clock clock;

    public ListingReader(Clock clock) {
        this.clock = clock;
    }

    /** A feed read: its entries in the feed's order, and those skipped. */
    public record Listing(List<Announcement> entries, List<RecordProblem> problems) {

        public Listing {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }
    }

    /**
     * @throws MalformedResponseException when the document is no well-formed Atom feed or breaks a limit
     * @throws IOException                when the stream itself fails
     */
    public Listing read(InputStream in) throws IOException {
        List<Announcement> entries = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        new AtomReader().read(in, entry -> {
            String id = entry.childText("id");
            try {
                entries.add(announcement(id, entry));
            } catch (InvalidEntry e) {
                problems.add(new RecordProblem(id == null ? null : PaperId.abbreviate(id), e.getMessage()));
            }
        }, problems::add);
        return new Listing(entries, problems);
    }

    private Announcement announcement(String id, XmlElement entry) throws InvalidEntry {
        if (id == null || !id.startsWith(ID_PREFIX)) {
            throw new InvalidEntry("the entry's id is not an arXiv OAI identifier (oai:arXiv.org:…)");
        }
        String arxivId = id.substring(ID_PREFIX.length());
        PaperId.Versioned versioned = PaperId.tryParseArxiv(arxivId)
                .orElseThrow(() -> new InvalidEntry("invalid arXiv id '" + PaperId.abbreviate(arxivId) + "'"));
        if (versioned.version() == 0) {
            throw new InvalidEntry("the entry's id names no version");
        }
        String typeCode = entry.childText("announce_type");
        if (typeCode == null) {
            throw new InvalidEntry("the entry has no announce_type");
        }
        AnnounceType type = AnnounceType.fromCode(typeCode).orElseThrow(() -> new InvalidEntry(
                "unknown announce type '" + PaperId.abbreviate(typeCode) + "'"));
        return new Announcement(versioned.id(), versioned.version(), type, listingDay(entry.childText("published")));
    }

    private LocalDate listingDay(String published) throws InvalidEntry {
        if (published == null) {
            throw new InvalidEntry("the entry has no published date");
        }
        LocalDate day;
        try {
            day = ArxivSchedule.listingDayOfPublished(OffsetDateTime.parse(published).toInstant());
        } catch (DateTimeParseException e) {
            throw new InvalidEntry("invalid published date '" + PaperId.abbreviate(published) + "'");
        }
        // A listing is published the evening before its day: a day later than tomorrow is no listing of arXiv's.
        if (day.isAfter(LocalDate.now(clock.withZone(ArxivSchedule.EASTERN)).plusDays(1)) || day.getYear() < 1991) {
            throw new InvalidEntry("published date " + day + " cannot be a listing's");
        }
        return day;
    }

    /** Why one entry was skipped. */
    private static final class InvalidEntry extends Exception {
        InvalidEntry(String message) {
            super(message, null, false, false);
        }
    }
}
