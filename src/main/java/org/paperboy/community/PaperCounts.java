package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.paperboy.catalog.PaperId;

/**
 * The upvote and comment counts the feed orders by, kept in step with the votes and comments they count: every
 * write that adds or takes back one changes its count in the same transaction, by exactly what it changed.
 */
final class PaperCounts {

    private PaperCounts() {}

    /** Adds the given (possibly negative) numbers to a paper's counts; the row lock makes concurrent adds exact. */
    static void add(Connection c, PaperId paper, int upvotes, int comments) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO paper_counts (paper_id, upvotes, comments) "
                + "VALUES (?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET upvotes = paper_counts.upvotes + excluded.upvotes, "
                + "comments = paper_counts.comments + excluded.comments")) {
            s.setString(1, paper.value());
            s.setInt(2, upvotes);
            s.setInt(3, comments);
            s.executeUpdate();
        }
    }
}
