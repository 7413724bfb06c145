package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/**
 * The community's data: members, submissions to the daily feed, upvotes and comments. Uniqueness rules (one
 * submission per paper, one upvote per member and paper) are enforced by the schema, so they hold under concurrency.
 */
public final class Community {

    private final Database database;

    public Community(Database database) {
        this.database = database;
    }

    public User createUser(String username, String displayName, String email, String passwordHash, Role role) {
        Instant now = Instant.now();
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO users (username, display_name, email, "
                        + "password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING user_id")) {
                    s.setString(1, username);
                    s.setString(2, displayName);
                    s.setString(3, email);
                    s.setString(4, passwordHash);
                    s.setString(5, role.dbValue());
                    s.setLong(6, now.toEpochMilli());
                    return new User(returnedId(s), username, displayName, email, role, now);
                }
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new CommunityException("the username or email is already taken");
            }
            throw e;
        }
    }

    public Optional<User> findUser(String username) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT user_id, username, display_name, email, role, created_at "
                    + "FROM users WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Role.fromDb(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
        });
    }

    /**
     * The member with this username and password, if both are right and the account is not disabled. Takes the
     * same time whether or not the username exists, so a login form does not tell which usernames are taken.
     */
    public Optional<User> authenticate(String username, String password) {
        record Stored(User user, String hash, boolean disabled) {}
        Optional<Stored> stored = database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT user_id, username, display_name, email, role, created_at, "
                    + "password_hash, disabled_at FROM users WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Stored>empty();
                    }
                    User user = new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Role.fromDb(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6)));
                    String hash = rs.getString(7);
                    rs.getLong(8);
                    boolean disabled = !rs.wasNull();
                    return Optional.of(new Stored(user, hash, disabled));
                }
            }
        });
        boolean matches = Passwords.verify(password, stored.map(Stored::hash).orElse(DUMMY_HASH));
        return stored.filter(s -> matches && !s.disabled()).map(Stored::user);
    }

    /** Verified against when the username is unknown, so that both cases cost one Argon2 computation. */
    private static final String DUMMY_HASH = Passwords.hash("not-a-real-password");

    /** Puts a paper on the feed of {@code feedDay}; a paper can be submitted once, ever. */
    public Submission submit(long userId, PaperId paperId, LocalDate feedDay) {
        Instant now = Instant.now();
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO submissions (paper_id, feed_day, submitted_by, "
                        + "submitted_at) VALUES (?, ?, ?, ?) RETURNING submission_id")) {
                    s.setString(1, paperId.value());
                    s.setString(2, feedDay.toString());
                    s.setLong(3, userId);
                    s.setLong(4, now.toEpochMilli());
                    return new Submission(returnedId(s), paperId, feedDay, userId, now);
                }
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new CommunityException("paper " + paperId + " has already been submitted");
            }
            throw e;
        }
    }

    public List<Submission> submissionsOn(LocalDate feedDay) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT submission_id, paper_id, feed_day, submitted_by, "
                    + "submitted_at FROM submissions WHERE feed_day = ? AND removed_at IS NULL ORDER BY submitted_at")) {
                s.setString(1, feedDay.toString());
                List<Submission> submissions = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        submissions.add(new Submission(rs.getLong(1), new PaperId(rs.getString(2)),
                                LocalDate.parse(rs.getString(3)), rs.getLong(4), Instant.ofEpochMilli(rs.getLong(5))));
                    }
                }
                return submissions;
            }
        });
    }

    /** The most a feed query reads before ordering: a month of a busy community's submissions. */
    static final int MAX_FEED_ROWS = 20_000;

    /**
     * The community feed between two days (inclusive), optionally of one submitter, in the given order. Removed
     * submissions are left out.
     */
    public List<FeedEntry> feed(LocalDate from, LocalDate to, String submitter, FeedOrder order, int limit, int offset) {
        List<FeedEntry> entries = database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT s.submission_id, s.paper_id, s.feed_day, "
                    + "s.submitted_by, s.submitted_at, u.username, u.display_name, "
                    + "(SELECT COUNT(*) FROM upvotes v WHERE v.paper_id = s.paper_id), "
                    + "(SELECT COUNT(*) FROM comments m WHERE m.paper_id = s.paper_id AND m.deleted_at IS NULL), "
                    + "p.submitted_at, p.announced_on "
                    + "FROM submissions s JOIN users u ON u.user_id = s.submitted_by JOIN papers p ON p.paper_id = s.paper_id "
                    + "WHERE s.removed_at IS NULL AND s.feed_day >= ? AND s.feed_day <= ? "
                    + "AND (CAST(? AS TEXT) IS NULL OR u.username = ?) "
                    + "ORDER BY s.submitted_at LIMIT " + MAX_FEED_ROWS)) {
                s.setString(1, from.toString());
                s.setString(2, to.toString());
                s.setString(3, submitter);
                s.setString(4, submitter);
                List<FeedEntry> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new FeedEntry(new Submission(rs.getLong(1), new PaperId(rs.getString(2)),
                                LocalDate.parse(rs.getString(3)), rs.getLong(4), Instant.ofEpochMilli(rs.getLong(5))),
                                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9), published(rs, 10, 11)));
                    }
                }
                return rows;
            }
        });
        return entries.stream().sorted(order.comparator(Instant.now())).skip(offset).limit(limit).toList();
    }

    /** Adds the member's upvote, or takes it back if there was one; returns whether the paper is now upvoted. */
    public boolean toggleUpvote(long userId, PaperId paperId) {
        return database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM upvotes WHERE user_id = ? AND paper_id = ?")) {
                delete.setLong(1, userId);
                delete.setString(2, paperId.value());
                if (delete.executeUpdate() > 0) {
                    return false;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO upvotes (user_id, paper_id, created_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setLong(1, userId);
                insert.setString(2, paperId.value());
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
            }
            return true;
        });
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

    /** Adds a comment, or a reply when {@code parentId} is set; the parent must be on the same paper. */
    public Comment addComment(long userId, PaperId paperId, Long parentId, String body) {
        Instant now = Instant.now();
        return database.inTransaction(c -> {
            if (parentId != null && !commentExistsOn(c, parentId, paperId)) {
                throw new CommunityException("comment " + parentId + " does not exist on paper " + paperId);
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO comments (paper_id, user_id, parent_id, body, "
                    + "created_at) VALUES (?, ?, ?, ?, ?) RETURNING comment_id")) {
                s.setString(1, paperId.value());
                s.setLong(2, userId);
                if (parentId == null) {
                    s.setNull(3, Types.BIGINT);
                } else {
                    s.setLong(3, parentId);
                }
                s.setString(4, body);
                s.setLong(5, now.toEpochMilli());
                return new Comment(returnedId(s), paperId, userId, parentId, body, now, null, null);
            }
        });
    }

    /** The comments on a paper in the order they were written, deleted ones included (with empty bodies). */
    public List<Comment> comments(PaperId paperId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT comment_id, parent_id, user_id, body, created_at, "
                    + "edited_at, deleted_at FROM comments WHERE paper_id = ? ORDER BY created_at, comment_id")) {
                s.setString(1, paperId.value());
                List<Comment> comments = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long parent = rs.getLong(2);
                        Long parentId = rs.wasNull() ? null : parent;
                        comments.add(new Comment(rs.getLong(1), paperId, rs.getLong(3), parentId, rs.getString(4),
                                Instant.ofEpochMilli(rs.getLong(5)), instant(rs, 6), instant(rs, 7)));
                    }
                }
                return comments;
            }
        });
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

    private static long returnedId(PreparedStatement insertReturning) throws SQLException {
        try (ResultSet rs = insertReturning.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A paper's publication day: its first submission, else its announcement (as {@code Paper.publishedOn}). */
    private static LocalDate published(ResultSet rs, int submittedColumn, int announcedColumn) throws SQLException {
        Instant submitted = instant(rs, submittedColumn);
        if (submitted != null) {
            return LocalDate.ofInstant(submitted, java.time.ZoneOffset.UTC);
        }
        String announced = rs.getString(announcedColumn);
        return announced == null ? null : LocalDate.parse(announced);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** SQLite says "UNIQUE constraint failed", PostgreSQL uses SQLSTATE 23505. */
    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState())
                    || String.valueOf(sql.getMessage()).contains("UNIQUE constraint failed"))) {
                return true;
            }
        }
        return false;
    }
}
