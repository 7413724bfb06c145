package org.paperboy.ingest.arxiv;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.paperboy.catalog.Paper;

/**
 * One record of an OAI-PMH response, read into the catalog's {@link Paper}, with what the catalog has no field for.
 *
 * @param datestamp the record's last modification day (not its announcement): what {@code from}/{@code until} select on
 * @param sets      the header's {@code setSpec}s, one per category, cross-lists included
 * @param versions  every version with its date, oldest first (arXivRaw only; empty for the other formats)
 * @param withdrawn whether the latest version withdraws the paper: arXiv sends a withdrawal as a new version of
 *                  0kb with "withdrawn" in its comments, never as a deleted record
 */
public record OaiRecord(Paper paper, LocalDate datestamp, List<String> sets, List<Version> versions, boolean withdrawn) {

    public OaiRecord {
        sets = List.copyOf(sets);
        versions = List.copyOf(versions);
    }

    /** One version of an arXivRaw record; {@code size} as arXiv writes it ("294kb"). */
    public record Version(int number, Instant submitted, String size) {}
}
