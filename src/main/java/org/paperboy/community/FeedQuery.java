package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database.Dialect;

/**
 * Reads the community feed: ordered, filtered and paged by the database, so a page costs the same however many
 * submissions there are, and the newest are never left out. Vote and comment counts come from {@link PaperCounts}.
 */
final class FeedQuery {

    /** Feed entries with their submitter, vote and comment counts; {@link #entry} reads a row. */
    static final String ENTRIES = "SELECT s.submission_id, s.paper_id, s.feed_day, "
            + "s.submitted_by, s.submitted_at, u.username, u.display_name, "
            + "COALESCE(k.upvotes, 0), COALESCE(k.comments, 0), p.submitted_at, p.announced_on "
            + "FROM submissions s JOIN users u ON u.user_id = s.submitted_by JOIN papers p ON p.paper_id = s.paper_id "
            + "LEFT JOIN paper_counts k ON k.paper_id = s.paper_id ";

    private FeedQuery() {}

    /**
     * A page of the live submissions between two days (inclusive), optionally of one submitter. The inner query
     * sorts only what the order needs (ids and a sort key); submitters and papers are joined for the page's rows.
     */
    static List<FeedEntry> page(Connection c, Dialect dialect, LocalDate from, LocalDate to, String submitter,
                                FeedOrder order, int limit, int offset) throws SQLException {
        Sort sort = Sort.of(order, dialect);
        String sql = ENTRIES + "JOIN (SELECT s.submission_id, " + sort.key() + " AS sort_key FROM submissions s "
                + "LEFT JOIN paper_counts k ON k.paper_id = s.paper_id "
                + (order == FeedOrder.PUBLISHED ? "JOIN papers p ON p.paper_id = s.paper_id " : "")
                + "WHERE s.removed_at IS NULL AND s.feed_day >= ? AND s.feed_day <= ? "
                + (submitter == null ? "" : "AND s.submitted_by = (SELECT user_id FROM users WHERE username = ?) ")
                + "ORDER BY " + sort.orderBy("sort_key") + " LIMIT ? OFFSET ?) page "
                + "ON page.submission_id = s.submission_id ORDER BY " + sort.orderBy("page.sort_key");
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (order == FeedOrder.TRENDING) {
                long now = System.currentTimeMillis();
                s.setLong(i++, now);
                s.setLong(i++, now);
            }
            s.setString(i++, from.toString());
            s.setString(i++, to.toString());
            if (submitter != null) {
                s.setString(i++, submitter);
            }
            s.setInt(i++, limit);
            s.setInt(i, offset);
            List<FeedEntry> entries = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(entry(rs));
                }
            }
            return entries;
        }
    }

    /**
     * How a {@link FeedOrder} sorts: by {@code key} (an expression over submissions s, paper_counts k and, for
     * PUBLISHED, papers p) in {@code keyDirection}, then by submission time and id in {@code tieDirection}, so that
     * pages never overlap. TRENDING's key is {@link FeedOrder#trendingScore}'s formula; it takes the current time
     * (epoch ms) twice.
     */
    private record Sort(String key, String keyDirection, String tieDirection) {

        static Sort of(FeedOrder order, Dialect dialect) {
            return switch (order) {
                case UPVOTES -> new Sort("COALESCE(k.upvotes, 0)", "DESC", "");
                case PUBLISHED -> new Sort(publishedDay(dialect), "DESC NULLS LAST", " DESC");
                case TRENDING -> new Sort("COALESCE(k.upvotes, 0) / power(CASE WHEN ? > s.submitted_at "
                        + "THEN CAST((? - s.submitted_at) / 60000 AS DOUBLE PRECISION) / 60 ELSE 0 END + 2, "
                        + FeedOrder.GRAVITY + ")", "DESC", " DESC");
            };
        }

        String orderBy(String sortKey) {
            return sortKey + " " + keyDirection + ", s.submitted_at" + tieDirection + ", s.submission_id" + tieDirection;
        }
    }

    /** The paper's publication day as YYYY-MM-DD, as {@link #entry} reads it: the engines name date functions apart. */
    private static String publishedDay(Dialect dialect) {
        String submittedDay = switch (dialect) {
            case SQLITE -> "date(p.submitted_at / 1000, 'unixepoch')";
            case POSTGRESQL -> "to_char(to_timestamp(p.submitted_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
        };
        return "COALESCE(" + submittedDay + ", p.announced_on)";
    }

    static FeedEntry entry(ResultSet rs) throws SQLException {
        return new FeedEntry(new Submission(rs.getLong(1), new PaperId(rs.getString(2)),
                LocalDate.parse(rs.getString(3)), rs.getLong(4), Instant.ofEpochMilli(rs.getLong(5))),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9), published(rs));
    }

    /** A paper's publication day: its first submission, else its announcement (as {@code Paper.publishedOn}). */
    private static LocalDate published(ResultSet rs) throws SQLException {
        long submitted = rs.getLong(10);
        if (!rs.wasNull()) {
            return LocalDate.ofInstant(Instant.ofEpochMilli(submitted), ZoneOffset.UTC);
        }
        String announced = rs.getString(11);
        return announced == null ? null : LocalDate.parse(announced);
    }
}
