package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/**
 * Members' upvotes on papers. One upvote per member and paper is enforced by the schema, and every vote keeps
 * {@link PaperCounts} in step in its transaction.
 */
public final class Votes {

    private final Database database;

    public Votes(Database database) {
        this.database = database;
    }

    /** Adds the member's upvote, or takes it back if there was one; returns whether the paper is now upvoted. */
    public boolean toggleUpvote(long userId, PaperId paperId) {
        return database.inTransaction(c -> {
            if (deleteVote(c, userId, paperId)) {
                return false;
            }
            insertVote(c, userId, paperId);
            return true;
        });
    }

    /** Adds the member's upvote if it is not there yet: doing it twice is doing it once. */
    public void upvote(long userId, PaperId paperId) {
        database.inTransaction(c -> insertVote(c, userId, paperId));
    }

    /** Takes the member's upvote back if there is one: doing it twice is doing it once. */
    public void removeUpvote(long userId, PaperId paperId) {
        database.inTransaction(c -> deleteVote(c, userId, paperId));
    }

    /** Inserts the vote unless it exists, keeping the paper's count in step; returns whether it was inserted. */
    private static boolean insertVote(Connection c, long userId, PaperId paperId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO upvotes (user_id, paper_id, created_at) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setLong(1, userId);
            s.setString(2, paperId.value());
            s.setLong(3, System.currentTimeMillis());
            boolean inserted = s.executeUpdate() > 0;
            if (inserted) {
                PaperCounts.add(c, paperId, 1, 0);
            }
            return inserted;
        }
    }

    /** Deletes the vote if it exists, keeping the paper's count in step; returns whether it was deleted. */
    private static boolean deleteVote(Connection c, long userId, PaperId paperId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM upvotes WHERE user_id = ? AND paper_id = ?")) {
            s.setLong(1, userId);
            s.setString(2, paperId.value());
            boolean deleted = s.executeUpdate() > 0;
            if (deleted) {
                PaperCounts.add(c, paperId, -1, 0);
            }
            return deleted;
        }
    }

    public int upvotes(PaperId paperId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM upvotes WHERE paper_id = ?")) {
                s.setString(1, paperId.value());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Of the given papers, those the member has upvoted. */
    public java.util.Set<PaperId> upvotedAmong(long userId, java.util.Collection<PaperId> papers) {
        return new java.util.HashSet<>(Sql.perPaper(database,
                "SELECT paper_id, 1 FROM upvotes WHERE user_id = ? AND paper_id IN ", userId, papers, "").keySet());
    }

    /** The upvote counts of the given papers; papers without votes are left out. */
    public java.util.Map<PaperId, Integer> upvoteCounts(java.util.Collection<PaperId> papers) {
        return Sql.perPaper(database, "SELECT paper_id, COUNT(*) FROM upvotes WHERE paper_id IN ", null, papers,
                " GROUP BY paper_id");
    }

    /** The papers a member upvoted, most recent vote first. */
    public List<PaperId> upvotedBy(long userId, int limit) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT paper_id FROM upvotes WHERE user_id = ? "
                    + "ORDER BY created_at DESC LIMIT ?")) {
                s.setLong(1, userId);
                s.setInt(2, limit);
                List<PaperId> papers = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        papers.add(new PaperId(rs.getString(1)));
                    }
                }
                return papers;
            }
        });
    }
}
