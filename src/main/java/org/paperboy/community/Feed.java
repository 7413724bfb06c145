package org.paperboy.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * The daily feed: members submit papers to a day, curators remove them, pages read them. One submission per paper,
 * ever, is enforced by the schema, so it holds under concurrency.
 */
public final class Feed {

    private final Database database;
    private final FeedDays feedDays;

    public Feed(Database database) {
        this.database = database;
        this.feedDays = new FeedDays(this::loadFeedDays, database::changes);
    }

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
                    return new Submission(Sql.returnedId(s), paperId, feedDay, userId, now);
                }
            });
            return submission;
        } catch (RuntimeException e) {
            if (Sql.isUniqueViolation(e)) {
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
        return submit(member.id(), paper.id(), today, c -> {
            // The member's submissions queue here, so two at once cannot both pass the count.
            database.lockRow(c, "users", "user_id", member.id());
            requireUnderDailyLimit(c, member, rules, now);
        });
    }

    /**
     * Refuses, as {@link #submitToFeed} would, a member who has used up today's submissions: for work worth skipping
     * when the submission would be refused anyway, such as asking arXiv for a paper the catalog lacks.
     */
    public void requireUnderDailyLimit(User member, SubmissionRules rules, Instant now) {
        database.read(c -> {
            requireUnderDailyLimit(c, member, rules, now);
            return null;
        });
    }

    private static void requireUnderDailyLimit(Connection c, User member, SubmissionRules rules, Instant now)
            throws SQLException {
        long startOfDay = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant().toEpochMilli();
        int submittedToday = submittedSince(c, member.id(), startOfDay);
        if (submittedToday >= rules.dailyLimit()) {
            throw CommunityException.invalid("you have submitted " + submittedToday + " papers today, the daily "
                    + "limit; submit more tomorrow");
        }
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
    public List<FeedEntry> page(LocalDate from, LocalDate to, String submitter, FeedOrder order, int limit, int offset) {
        return database.read(c -> FeedQuery.page(c, database.dialect(), from, to, submitter, order, limit, offset));
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
}
