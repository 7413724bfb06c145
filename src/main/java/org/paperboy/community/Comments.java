package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/**
 * Comments and replies on papers, stored with their rendered HTML; every comment added or deleted keeps
 * {@link PaperCounts} in step in its transaction.
 */
public final class Comments {

    private final Database database;

    public Comments(Database database) {
        this.database = database;
    }

    /**
     * Adds a comment, or a reply when {@code parentId} is set; the parent must be on the same paper. The body is
     * rendered now and its HTML stored with it, so a body that cannot be rendered is refused, not stored.
     */
    public Comment addComment(long userId, PaperId paperId, Long parentId, String body) {
        String text = checkCommentBody(body);
        String html = CommentMarkdown.toHtml(text);
        Instant now = Instant.now();
        return database.inTransaction(c -> {
            if (parentId != null && !commentExistsOn(c, parentId, paperId)) {
                throw CommunityException.notFound("comment " + parentId + " does not exist on paper " + paperId);
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO comments (paper_id, user_id, parent_id, body, "
                    + "body_html, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING comment_id")) {
                s.setString(1, paperId.value());
                s.setLong(2, userId);
                if (parentId == null) {
                    s.setNull(3, Types.BIGINT);
                } else {
                    s.setLong(3, parentId);
                }
                s.setString(4, text);
                s.setString(5, html);
                s.setLong(6, now.toEpochMilli());
                Comment comment = new Comment(Sql.returnedId(s), paperId, userId, parentId, text, html, now, null, null,
                        null, null);
                PaperCounts.add(c, paperId, 0, 1);
                return comment;
            }
        });
    }

    /** The comments on a paper in the order they were written, deleted ones included (with empty bodies). */
    public List<Comment> comments(PaperId paperId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT m.comment_id, m.parent_id, m.user_id, m.body, "
                    + "m.body_html, m.created_at, m.edited_at, m.deleted_at, u.username, u.display_name "
                    + "FROM comments m JOIN users u ON u.user_id = m.user_id "
                    + "WHERE m.paper_id = ? ORDER BY m.created_at, m.comment_id")) {
                s.setString(1, paperId.value());
                List<Comment> comments = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long parent = rs.getLong(2);
                        Long parentId = rs.wasNull() ? null : parent;
                        String body = rs.getString(4);
                        comments.add(new Comment(rs.getLong(1), paperId, rs.getLong(3), parentId, body,
                                storedHtml(body, rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6)),
                                Sql.instant(rs, 7), Sql.instant(rs, 8), rs.getString(9), rs.getString(10)));
                    }
                }
                return comments;
            }
        });
    }

    /**
     * A comment's stored HTML. Migration V5 rendered the comments written before it, so none lacks HTML unless a
     * server of an older version wrote it since; that one is rendered on every read until it is edited.
     */
    private static String storedHtml(String body, String html) {
        return html != null ? html : CommentMarkdown.toHtmlOrPlainText(body);
    }

    /** Replaces the body of the member's own comment, and its HTML (see {@link #addComment}). */
    public void editComment(User author, long commentId, String body) {
        String text = checkCommentBody(body);
        String html = CommentMarkdown.toHtml(text);
        Comment comment = comment(commentId);
        if (comment.userId() != author.id()) {
            throw CommunityException.forbidden("you can only edit your own comments");
        }
        if (comment.deleted()) {
            throw CommunityException.invalid("comment " + commentId + " was deleted");
        }
        database.inTransaction(c -> updateComment(c, "UPDATE comments SET body = ?, body_html = ?, edited_at = ? "
                + "WHERE comment_id = ?", text, html, commentId));
    }

    /** Deletes a comment: the author's own, or any comment for a curator. Replies stay in the thread. */
    public void deleteComment(User member, long commentId) {
        Comment comment = comment(commentId);
        if (comment.userId() != member.id() && !member.canModerate()) {
            throw CommunityException.forbidden("you can only delete your own comments");
        }
        database.inTransaction(c -> {
            int deleted = updateComment(c, "UPDATE comments SET body = ?, body_html = ?, deleted_at = ? "
                    + "WHERE comment_id = ? AND deleted_at IS NULL", "", "", commentId);
            if (deleted > 0) {
                PaperCounts.add(c, comment.paperId(), 0, -1);
            }
            return deleted;
        });
    }

    /** A comment by id, on whichever paper. */
    public Comment comment(long commentId) {
        PaperId paper = database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT paper_id FROM comments WHERE comment_id = ?")) {
                s.setLong(1, commentId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new PaperId(rs.getString(1)) : null;
                }
            }
        });
        if (paper == null) {
            throw CommunityException.notFound("there is no comment " + commentId);
        }
        return comments(paper).stream().filter(m -> m.id() == commentId).findFirst().orElseThrow();
    }

    /** The number of (not deleted) comments on each of the given papers; papers without comments are left out. */
    public java.util.Map<PaperId, Integer> commentCounts(java.util.Collection<PaperId> papers) {
        return Sql.perPaper(database,
                "SELECT paper_id, COUNT(*) FROM comments WHERE deleted_at IS NULL AND paper_id IN ", null, papers,
                " GROUP BY paper_id");
    }

    private static int updateComment(Connection c, String sql, String body, String html, long commentId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, body);
            s.setString(2, html);
            s.setLong(3, System.currentTimeMillis());
            s.setLong(4, commentId);
            return s.executeUpdate();
        }
    }

    private static String checkCommentBody(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw CommunityException.invalid("a comment cannot be empty");
        }
        if (text.length() > Comment.MAX_LENGTH) {
            throw CommunityException.invalid("a comment has at most " + Comment.MAX_LENGTH + " characters; this one has "
                    + text.length());
        }
        return text;
    }

    private static boolean commentExistsOn(Connection c, long commentId, PaperId paperId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM comments WHERE comment_id = ? AND paper_id = ?")) {
            s.setLong(1, commentId);
            s.setString(2, paperId.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
