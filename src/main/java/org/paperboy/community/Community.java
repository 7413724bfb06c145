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
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/**
 * The community's data: members, submissions to the daily feed, upvotes and comments. Uniqueness rules (one
 * submission per paper, one upvote per member and paper) are enforced by the schema, so they hold under concurrency.
 */
public final class Community {

    private final Database database;
    private final FeedDays feedDays = new FeedDays(this::loadFeedDays);

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
                throw CommunityException.conflict("the username or email is already taken");
            }
            throw e;
        }
    }

    public Optional<User> findUser(String username) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + User.COLUMNS + " FROM users u WHERE u.username = ?")) {
                s.setString(1, username);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(User.read(rs, 1)) : Optional.<User>empty();
                }
            }
        });
    }

    /** Usernames appear in URLs and mentions: lower-case letters, digits, _ and -, 2 to 32 of them. */
    public static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[a-z0-9_-]{2,32}");
    public static final int MAX_DISPLAY_NAME = 80;
    public static final int MAX_EMAIL = 254;

    /**
     * Signs up a member: checks the username (case-folded), display name (the username when blank), email
     * (optional) and password, and stores the password's Argon2id hash. A username that is taken is refused (usernames
     * are public). An email that another account already has, in any case, is left off the new account and the
     * sign-up goes ahead as with a new address, so that signing up does not tell who is registered; the address stays
     * with the account that has it.
     */
    public User signUp(String username, String displayName, String email, String password) {
        String handle = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(handle).matches()) {
            throw CommunityException.invalid("a username is 2 to 32 characters: a-z, 0-9, _ and -");
        }
        String name = displayName == null || displayName.isBlank() ? handle : displayName.strip();
        if (name.length() > MAX_DISPLAY_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw CommunityException.invalid("a display name is at most " + MAX_DISPLAY_NAME + " characters, on one line");
        }
        String mail = email == null || email.isBlank() ? null : email.strip();
        if (mail != null && (mail.length() > MAX_EMAIL || !mail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            throw CommunityException.invalid("'" + mail.substring(0, Math.min(mail.length(), 60)) + "' is not an email address");
        }
        String hash = Passwords.hash(password);
        try {
            return createUser(handle, name, mail == null || emailTaken(mail) ? null : mail, hash, Role.MEMBER);
        } catch (CommunityException e) {
            if (e.kind() != CommunityException.Kind.CONFLICT) {
                throw e;
            }
        }
        // Either the username is taken, or another sign-up registered the address since emailTaken looked.
        if (findUser(handle).isPresent()) {
            throw CommunityException.conflict("the username '" + handle + "' is taken; choose another");
        }
        return createUser(handle, name, null, hash, Role.MEMBER);
    }

    /** Whether an account has this address, compared as the unique index on lower(email) compares. */
    private boolean emailTaken(String email) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM users WHERE lower(email) = lower(?)")) {
                s.setString(1, email);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
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
            try (PreparedStatement s = c.prepareStatement("SELECT " + User.COLUMNS + ", u.password_hash, u.disabled_at "
                    + "FROM users u WHERE u.username = ?")) {
                s.setString(1, username);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Stored>empty();
                    }
                    User user = User.read(rs, 1);
                    String hash = rs.getString(7);
                    rs.getLong(8);
                    return Optional.of(new Stored(user, hash, !rs.wasNull()));
                }
            }
        });
        boolean matches = Passwords.verify(password, stored.map(Stored::hash).orElse(DUMMY_HASH));
        return stored.filter(s -> matches && !s.disabled()).map(Stored::user);
    }

    /** An admin gives a member another role (member, curator, admin). */
    public void changeRole(User admin, User member, Role role) {
        requireAdmin(admin);
        if (admin.id() == member.id() && role != Role.ADMIN) {
            throw CommunityException.invalid("you cannot take away your own admin role; ask another admin");
        }
        updateUser("UPDATE users SET role = ? WHERE user_id = ?", role.dbValue(), member.id());
    }

    /**
     * An admin disables an account (its sessions and API tokens stop working at once and it cannot log in) or
     * enables it again. What the member wrote stays.
     */
    public void setDisabled(User admin, User member, boolean disabled) {
        requireAdmin(admin);
        if (admin.id() == member.id()) {
            throw CommunityException.invalid("you cannot disable your own account");
        }
        updateUser("UPDATE users SET disabled_at = CAST(? AS BIGINT) WHERE user_id = ?",
                disabled ? Long.toString(System.currentTimeMillis()) : null, member.id());
    }

    public boolean isDisabled(User member) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT disabled_at FROM users WHERE user_id = ?")) {
                s.setLong(1, member.id());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getObject(1) != null;
                }
            }
        });
    }

    private static void requireAdmin(User user) {
        if (!user.role().canManageMembers()) {
            throw CommunityException.forbidden("only admins can manage members");
        }
    }

    private void updateUser(String sql, String value, long userId) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, value);
                s.setLong(2, userId);
                return s.executeUpdate();
            }
        });
    }

    /** Verified against when the username is unknown, so that both cases cost one Argon2 computation. */
    private static final String DUMMY_HASH = Passwords.hash("not-a-real-password");

    /** Puts a paper on the feed of {@code feedDay}; a paper can be submitted once, ever. */
    public Submission submit(long userId, PaperId paperId, LocalDate feedDay) {
        return submit(userId, paperId, feedDay, c -> {});
    }

    /** A check that runs in a write's transaction, before the write; it throws to refuse it. */
    @FunctionalInterface
    private interface Precondition {
        void check(Connection c) throws SQLException;
    }

    private Submission submit(long userId, PaperId paperId, LocalDate feedDay, Precondition precondition) {
        Instant now = Instant.now();
        try {
            Submission submission = database.inTransaction(c -> {
                precondition.check(c);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO submissions (paper_id, feed_day, submitted_by, "
                        + "submitted_at) VALUES (?, ?, ?, ?) RETURNING submission_id")) {
                    s.setString(1, paperId.value());
                    s.setString(2, feedDay.toString());
                    s.setLong(3, userId);
                    s.setLong(4, now.toEpochMilli());
                    return new Submission(returnedId(s), paperId, feedDay, userId, now);
                }
            });
            feedDays.changed();
            return submission;
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw CommunityException.conflict("paper " + paperId + " has already been submitted");
            }
            throw e;
        }
    }

    /**
     * Puts a paper on today's (UTC) feed, if the rules allow it: the paper is recent enough, the member is under the
     * daily limit, and nobody has submitted it before.
     */
    public Submission submitToFeed(User member, org.paperboy.catalog.Paper paper, SubmissionRules rules, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        LocalDate published = paper.publishedOn();
        if (rules.maxAgeDays() > 0 && published != null && published.isBefore(today.minusDays(rules.maxAgeDays()))) {
            throw CommunityException.invalid("paper " + paper.id() + " was published on " + published + "; only papers "
                    + "from the last " + rules.maxAgeDays() + " days can be submitted");
        }
        long startOfDay = today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        return submit(member.id(), paper.id(), today, c -> {
            // The member's submissions queue here, so two at once cannot both pass the count.
            database.lockRow(c, "users", "user_id", member.id());
            int submittedToday = submittedSince(c, member.id(), startOfDay);
            if (submittedToday >= rules.dailyLimit()) {
                throw CommunityException.invalid("you have submitted " + submittedToday + " papers today, the daily "
                        + "limit; submit more tomorrow");
            }
        });
    }

    /** Takes a paper off the feed. Only curators and admins may; the paper cannot be submitted again. */
    public void removeSubmission(User curator, PaperId paperId) {
        if (!curator.canModerate()) {
            throw CommunityException.forbidden("only curators can remove submissions");
        }
        int removed = database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE submissions SET removed_at = ?, removed_by = ? "
                    + "WHERE paper_id = ? AND removed_at IS NULL")) {
                s.setLong(1, System.currentTimeMillis());
                s.setLong(2, curator.id());
                s.setString(3, paperId.value());
                return s.executeUpdate();
            }
        });
        feedDays.changed();
        if (removed == 0) {
            throw CommunityException.notFound("paper " + paperId + " is not on the feed");
        }
    }

    /** The live submission of a paper, if it is on the feed. */
    public Optional<FeedEntry> submissionOf(PaperId paperId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(FeedQuery.ENTRIES
                    + "WHERE s.removed_at IS NULL AND s.paper_id = ?")) {
                s.setString(1, paperId.value());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(FeedQuery.entry(rs)) : Optional.<FeedEntry>empty();
                }
            }
        });
    }

    /** The closest day before ({@code before}) or after {@code day} with papers on the community feed. */
    public Optional<LocalDate> adjacentFeedDay(LocalDate day, boolean before) {
        return feedDays.adjacent(day, before);
    }

    private NavigableSet<LocalDate> loadFeedDays() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT DISTINCT feed_day FROM submissions WHERE removed_at IS NULL");
                    ResultSet rs = s.executeQuery()) {
                NavigableSet<LocalDate> days = new TreeSet<>();
                while (rs.next()) {
                    days.add(LocalDate.parse(rs.getString(1)));
                }
                return days;
            }
        });
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

    /**
     * A page of the community feed between two days (inclusive), optionally of one submitter, in the given order.
     * Removed submissions are left out.
     */
    public List<FeedEntry> feed(LocalDate from, LocalDate to, String submitter, FeedOrder order, int limit, int offset) {
        return database.read(c -> FeedQuery.page(c, database.dialect(), from, to, submitter, order, limit, offset));
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
        return new java.util.HashSet<>(perPaper("SELECT paper_id, 1 FROM upvotes WHERE user_id = ? AND paper_id IN ",
                userId, papers, "").keySet());
    }

    /** The upvote counts of the given papers; papers without votes are left out. */
    public java.util.Map<PaperId, Integer> upvoteCounts(java.util.Collection<PaperId> papers) {
        return perPaper("SELECT paper_id, COUNT(*) FROM upvotes WHERE paper_id IN ", null, papers, " GROUP BY paper_id");
    }

    /** The number of (not deleted) comments on each of the given papers; papers without comments are left out. */
    public java.util.Map<PaperId, Integer> commentCounts(java.util.Collection<PaperId> papers) {
        return perPaper("SELECT paper_id, COUNT(*) FROM comments WHERE deleted_at IS NULL AND paper_id IN ", null,
                papers, " GROUP BY paper_id");
    }

    /**
     * Runs {@code sqlPrefix (?, ?...) sqlSuffix} for the given papers, after the member's id if one is given,
     * reading (paper_id, number) rows.
     */
    private java.util.Map<PaperId, Integer> perPaper(String sqlPrefix, Long userId, java.util.Collection<PaperId> papers,
                                                     String sqlSuffix) {
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
                Comment comment = new Comment(returnedId(s), paperId, userId, parentId, text, html, now, null, null,
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
                                storedHtml(body, rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6)), instant(rs, 7),
                                instant(rs, 8), rs.getString(9), rs.getString(10)));
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

    private static int submittedSince(Connection c, long userId, long sinceMillis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM submissions WHERE submitted_by = ? AND submitted_at >= ?")) {
            s.setLong(1, userId);
            s.setLong(2, sinceMillis);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
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
