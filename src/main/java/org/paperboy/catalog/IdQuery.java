package org.paperboy.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** A query about many papers, run a chunk of ids at a time: SQLite and PostgreSQL limit the parameters of a statement. */
final class IdQuery {

    /** Stays well under SQLite's and PostgreSQL's limits on bound parameters per statement. */
    static final int IDS_PER_QUERY = 500;

    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private IdQuery() {}

    /**
     * Runs {@code sql}, whose {@code IN (%s)} is filled with one parameter per id, once per chunk of {@code ids}, and
     * hands each row to {@code reader}.
     */
    static void forEachRow(Connection c, String sql, Collection<PaperId> ids, RowReader reader) throws SQLException {
        List<PaperId> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            List<PaperId> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
            try (PreparedStatement s = c.prepareStatement(
                    sql.formatted(String.join(",", Collections.nCopies(chunk.size(), "?"))))) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i).value());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }
}
