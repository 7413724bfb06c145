package org.paperboy.community;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/** What {@link Members}, {@link Feed}, {@link Votes} and {@link Comments} share for reading and writing rows. */
final class Sql {

    private Sql() {}

    /**
     * Runs {@code sqlPrefix (?, ?...) sqlSuffix} for the given papers, after the member's id if one is given,
     * reading (paper_id, number) rows; papers without a row are left out.
     */
    static java.util.Map<PaperId, Integer> perPaper(Database database, String sqlPrefix, Long userId,
                                                    java.util.Collection<PaperId> papers, String sqlSuffix) {
        java.util.Map<PaperId, Integer> values = new java.util.HashMap<>();
        if (papers.isEmpty()) {
            return values;
        }
        String marks = "(" + String.join(",", java.util.Collections.nCopies(papers.size(), "?")) + ")";
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sqlPrefix + marks + sqlSuffix)) {
                int i = 1;
                if (userId != null) {
                    s.setLong(i++, userId);
                }
                for (PaperId paper : papers) {
                    s.setString(i++, paper.value());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        values.put(new PaperId(rs.getString(1)), rs.getInt(2));
                    }
                }
                return values;
            }
        });
    }

    static long returnedId(PreparedStatement insertReturning) throws SQLException {
        try (ResultSet rs = insertReturning.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** SQLite says "UNIQUE constraint failed", PostgreSQL uses SQLSTATE 23505. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState())
                    || String.valueOf(sql.getMessage()).contains("UNIQUE constraint failed"))) {
                return true;
            }
        }
        return false;
    }
}
