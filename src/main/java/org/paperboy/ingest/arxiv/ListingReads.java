package org.paperboy.ingest.arxiv;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.storage.Database;

/** The last read of each announcement feed, kept in the store (table {@code listing_reads}) for the admin page. */
public final class ListingReads {

    /**
     * The last read of a feed.
     *
     * @param attemptedAt when it was last read, successfully or not
     * @param error       why that read failed; null when it succeeded
     * @param succeededAt when it was last read successfully; null if never
     * @param day         the listing day of the last successful read; null when the feed was empty
     * @param counts      what that read held, by announce type
     * @param skipped     entries that read skipped
     * @param missing     papers it named that the catalog lacked
     */
    public record LastRead(String feed, Instant attemptedAt, String error, Instant succeededAt, LocalDate day,
                           Map<AnnounceType, Integer> counts, int skipped, int missing) {}

    private static final String SUCCEEDED = "INSERT INTO listing_reads (feed, attempted_at, error, succeeded_at, "
            + "listing_day, new_count, cross_count, replace_count, replace_cross_count, skipped_count, missing_count) "
            + "VALUES (?,?,NULL,?,?,?,?,?,?,?,?) ON CONFLICT (feed) DO UPDATE SET attempted_at = excluded.attempted_at, "
            + "error = NULL, succeeded_at = excluded.succeeded_at, listing_day = excluded.listing_day, "
            + "new_count = excluded.new_count, cross_count = excluded.cross_count, replace_count = excluded.replace_count, "
            + "replace_cross_count = excluded.replace_cross_count, skipped_count = excluded.skipped_count, "
            + "missing_count = excluded.missing_count";

    private static final String FAILED = "INSERT INTO listing_reads (feed, attempted_at, error, new_count, cross_count, "
            + "replace_count, replace_cross_count, skipped_count, missing_count) VALUES (?,?,?,0,0,0,0,0,0) "
            + "ON CONFLICT (feed) DO UPDATE SET attempted_at = excluded.attempted_at, error = excluded.error";

    private final Database database;

    public ListingReads(Database database) {
        this.database = database;
    }

    void succeeded(ListingRun run, Instant at) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(SUCCEEDED)) {
                s.setString(1, run.feed());
                s.setLong(2, at.toEpochMilli());
                s.setLong(3, at.toEpochMilli());
                if (run.day() == null) {
                    s.setNull(4, Types.VARCHAR);
                } else {
                    s.setString(4, run.day().toString());
                }
                int i = 5;
                for (AnnounceType type : AnnounceType.values()) {
                    s.setInt(i++, run.count(type));
                }
                s.setInt(i++, run.problems().size());
                s.setInt(i, run.missing().size());
                return s.executeUpdate();
            }
        });
    }

    void failed(String feed, String error, Instant at) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(FAILED)) {
                s.setString(1, feed);
                s.setLong(2, at.toEpochMilli());
                s.setString(3, error == null ? "unknown error" : error);
                return s.executeUpdate();
            }
        });
    }

    /** The feed read most recently, if any was. */
    public Optional<LastRead> last() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT feed, attempted_at, error, succeeded_at, listing_day, "
                    + "new_count, cross_count, replace_count, replace_cross_count, skipped_count, missing_count "
                    + "FROM listing_reads ORDER BY attempted_at DESC, feed LIMIT 1");
                 ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(lastRead(rs)) : Optional.empty();
            }
        });
    }

    private static LastRead lastRead(ResultSet rs) throws SQLException {
        long succeeded = rs.getLong("succeeded_at");
        Instant succeededAt = rs.wasNull() ? null : Instant.ofEpochMilli(succeeded);
        String day = rs.getString("listing_day");
        Map<AnnounceType, Integer> counts = new EnumMap<>(AnnounceType.class);
        counts.put(AnnounceType.NEW, rs.getInt("new_count"));
        counts.put(AnnounceType.CROSS, rs.getInt("cross_count"));
        counts.put(AnnounceType.REPLACE, rs.getInt("replace_count"));
        counts.put(AnnounceType.REPLACE_CROSS, rs.getInt("replace_cross_count"));
        return new LastRead(rs.getString("feed"), Instant.ofEpochMilli(rs.getLong("attempted_at")), rs.getString("error"),
                succeededAt, day == null ? null : LocalDate.parse(day), counts, rs.getInt("skipped_count"),
                rs.getInt("missing_count"));
    }
}
