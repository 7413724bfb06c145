package org.paperboy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The catalog's change sequence: every write that a derived index must see (a paper inserted or updated, a vector
 * stored) takes the next numbers and stamps them on the rows it writes. Taking numbers locks the counter row until
 * the transaction ends, so sequence numbers become visible in order: whoever has seen N has seen everything below N.
 */
public final class ChangeSequence {

    private ChangeSequence() {}

    /**
     * Takes the sequence's lock without taking numbers, before a writer reads what it is about to overwrite: whatever
     * it reads next was committed by writers that have finished, and no other writer starts until it ends.
     */
    public static void lock(Connection c) throws SQLException {
        reserve(c, 0);
    }

    /** Reserves {@code count} numbers inside the caller's transaction; returns the first. */
    public static long reserve(Connection c, int count) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE counters SET value = value + ? WHERE name = 'paper_change' RETURNING value")) {
            s.setInt(1, count);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) - count + 1;
            }
        }
    }

    /**
     * Gives each paper the next sequence number without changing its content (a vector stored, a listing recorded),
     * so that the derived indexes read it again.
     */
    public static void renumberPapers(Connection c, java.util.List<String> paperIds) throws SQLException {
        if (paperIds.isEmpty()) {
            return;
        }
        long seq = reserve(c, paperIds.size());
        try (PreparedStatement s = c.prepareStatement("UPDATE papers SET change_seq = ? WHERE paper_id = ?")) {
            for (String id : paperIds) {
                s.setLong(1, seq++);
                s.setString(2, id);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
