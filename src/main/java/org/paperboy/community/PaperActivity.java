package org.paperboy.community;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/**
 * What members have done with one paper, read in one statement: its upvotes, and whether it has a live submission
 * and any comment. A paper's page reads its submission and its discussion only when there is one: most papers have
 * neither, and every statement costs a view more than rendering what it finds (each one takes SQLite a read
 * transaction and its cursors).
 */
public final class PaperActivity {

    /** A paper's upvotes, whether it is on the community feed, and whether anyone commented (deleted ones count). */
    public record Summary(int upvotes, boolean submitted, boolean commented) {}

    private final Database database;

    public PaperActivity(Database database) {
        this.database = database;
    }

    public Summary of(PaperId paperId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT (SELECT COUNT(*) FROM upvotes WHERE paper_id = ?), "
                    + "EXISTS (SELECT 1 FROM submissions WHERE paper_id = ? AND removed_at IS NULL), "
                    + "EXISTS (SELECT 1 FROM comments WHERE paper_id = ?)")) {
                for (int i = 1; i <= 3; i++) {
                    s.setString(i, paperId.value());
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new Summary(rs.getInt(1), rs.getBoolean(2), rs.getBoolean(3));
                }
            }
        });
    }
}
