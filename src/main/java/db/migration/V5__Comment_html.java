package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.paperboy.community.CommentMarkdown;

/**
 * Comments keep their rendered HTML ({@code body_html}), written with the body, so showing a page never renders
 * Markdown. This migration renders the comments written before it; a body that today's limits refuse (too deeply
 * nested, too much HTML) is stored as escaped plain text, and a deleted comment's HTML is empty like its body.
 * In Java because the renderer is: SQL cannot render Markdown.
 */
public class V5__Comment_html extends BaseJavaMigration {

    private static final int BATCH = 500;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE comments ADD COLUMN body_html TEXT");
            s.execute("UPDATE comments SET body_html = '' WHERE deleted_at IS NOT NULL");
        }
        try (PreparedStatement select = c.prepareStatement("SELECT comment_id, body FROM comments WHERE deleted_at IS NULL");
                PreparedStatement update = c.prepareStatement("UPDATE comments SET body_html = ? WHERE comment_id = ?")) {
            select.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    update.setString(1, CommentMarkdown.toHtmlOrPlainText(rs.getString(2)));
                    update.setLong(2, rs.getLong(1));
                    update.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
            }
            update.executeBatch();
        }
    }
}
