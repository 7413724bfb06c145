package org.paperboy.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's reads by announcement day: a day's listing (table {@code announcements}, written by
 * {@link Announcements}, joined to its papers), the days next to it, and the official days that papers not stored
 * yet will take when they arrive.
 */
final class AnnouncementQueries {

    /**
     * A day's rows, then the papers announced that day that no row names (an imported corpus) as new submissions,
     * ordered as arXiv's listing is.
     */
    private static final String LISTING = "SELECT " + PaperRows.columnsOf("p") + ", d.announce_type, d.estimated FROM ("
            + "SELECT paper_id, announce_type, type_rank, estimated FROM announcements WHERE listing_day = ? "
            + "UNION ALL SELECT paper_id, 'new', 0, 0 FROM papers WHERE announced_on = ? AND NOT EXISTS "
            + "(SELECT 1 FROM announcements a WHERE a.listing_day = ? AND a.paper_id = papers.paper_id)"
            + ") d JOIN papers p ON p.paper_id = d.paper_id ORDER BY d.type_rank, p.paper_id";

    private AnnouncementQueries() {}

    /** See {@link Catalog#listing}. */
    static List<ListedPaper> listing(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LISTING)) {
            for (int i = 1; i <= 3; i++) {
                s.setString(i, day.toString());
            }
            return PaperRows.readAll(s, rs -> {
                AnnounceType type = AnnounceType.fromCode(rs.getString("announce_type")).orElseThrow(
                        () -> new IllegalStateException("unknown announcement type in the store"));
                return new ListedPaper(PaperRows.paper(rs), type, day, rs.getInt("estimated") != 0);
            });
        }
    }

    /** See {@link Catalog#adjacentAnnouncementDay}. */
    static Optional<LocalDate> adjacentDay(Connection c, LocalDate day, boolean before) throws SQLException {
        String sql = before ? "SELECT MAX(announced_on) FROM papers WHERE announced_on < ?"
                : "SELECT MIN(announced_on) FROM papers WHERE announced_on > ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, day.toString());
            try (ResultSet rs = s.executeQuery()) {
                return Optional.ofNullable(rs.next() ? PaperRows.day(rs.getString(1)) : null);
            }
        }
    }

    /** The days arXiv's listings announced these papers as new, for the catalog to take when they arrive. */
    static Map<PaperId, LocalDate> officialNewDays(Connection c, Collection<PaperId> ids) throws SQLException {
        Map<PaperId, LocalDate> days = new HashMap<>();
        IdQuery.forEachRow(c, "SELECT paper_id, listing_day FROM announcements WHERE announce_type = 'new' "
                + "AND estimated = 0 AND paper_id IN (%s) ORDER BY listing_day", ids,
                rs -> days.put(new PaperId(rs.getString(1)), PaperRows.day(rs.getString(2))));
        return days;
    }
}
