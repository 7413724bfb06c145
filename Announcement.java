package org.paperboy.catalog;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One paper in one of arXiv's daily listings: read from an announcement feed, or estimated from arXiv's schedule.
 *
 * @param version the version announced (a replacement's new version; 1 for most new submissions)
 * @param day     the listing's date as arXiv dates it, in US Eastern time: the announcement made on Tuesday evening is
 *                Wednesday's listing
 */
public record Announcement(PaperId paper, int version, AnnounceType type, LocalDate day) {

    public Announcement {
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(day, "day");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, not " + version);
        }
    }
}
