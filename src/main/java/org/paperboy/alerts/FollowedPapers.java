package org.paperboy.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.AuthorFollows;
import org.paperboy.storage.Database;

/**
 * The new papers of the authors members follow (table {@code followed_papers}), found as alerts' matches are: by
 * following the catalog's change sequence with a cursor of its own ({@code author_follow_state}), so each paper written
 * comes by at least once. A paper is a follower's when one of its authors is followed and it was first seen (announced,
 * else submitted) on or after the day the member began to follow, so an old paper re-harvested never counts.
 * {@code PRIMARY KEY (user_id, paper_id)} makes it reach a member once, whoever else wrote it and however often it
 * comes by again; a digest lists it under the day it was first seen.
 */
public final class FollowedPapers {

    static final int PAGE = 500;

    /** A followed author's paper, brought to a member. */
    public record Found(PaperId paperId, String author, LocalDate firstSeen) {
        /** The reason shown with it. */
        public String why() {
            return "a new paper by " + author + ", whom you follow";
        }
    }

    private final Database database;
    private final Catalog catalog;
    private final AuthorFollows follows;
    private final Clock clock;

    public FollowedPapers(Database database, Catalog catalog, AuthorFollows follows, Clock clock) {
        this.database = database;
        this.catalog = catalog;
        this.follows = follows;
        this.clock = clock;
    }

    /**
     * Looks at every paper written since the cursor, a page at a time, until caught up or {@code stopping}; returns how
     * many papers reached members. Safe to run twice at once or on two nodes: a paper is recorded once per member.
     */
    public synchronized int catchUp(BooleanSupplier stopping) {
        if (!follows.any()) {
            advance(catalog.lastChangeSeq());
            return 0;
        }
        long cursor = cursor();
        int found = 0;
        while (!stopping.getAsBoolean()) {
            List<Catalog.Change> page = catalog.changesSince(cursor, PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<Paper> papers = page.stream().map(Catalog.Change::paper).toList();
            Map<String, List<AuthorFollows.Follower>> followers = follows.followersOf(
                    papers.stream().flatMap(p -> p.authors().stream()).toList());
            long through = page.getLast().seq();
            List<Row> rows = rows(papers, followers);
            // Recorded with the cursor's move, in one transaction: a crash repeats the page, which records nothing twice.
            found += database.inTransaction(c -> {
                int added = record(c, rows);
                advance(c, through);
                return added;
            });
            cursor = through;
        }
        return found;
    }

    /** A member's followed papers first seen from {@code from} to {@code to} (inclusive), newest first. */
    public List<Found> seenBetween(long userId, LocalDate from, LocalDate to) {
        return query("WHERE user_id = ? AND first_seen >= ? AND first_seen <= ? ORDER BY first_seen DESC, paper_id DESC",
                s -> {
                    s.setLong(1, userId);
                    s.setString(2, from.toString());
                    s.setString(3, to.toString());
                });
    }

    /** A member's latest followed papers, newest first. */
    public List<Found> recent(long userId, int limit) {
        return query("WHERE user_id = ? ORDER BY first_seen DESC, found_at DESC, paper_id DESC LIMIT ?", s -> {
            s.setLong(1, userId);
            s.setInt(2, limit);
        });
    }

    private record Row(long userId, PaperId paperId, String author, LocalDate firstSeen) {}

    /** For each paper first seen, the followers of its authors since before then; each member once, by the first author. */
    private static List<Row> rows(List<Paper> papers, Map<String, List<AuthorFollows.Follower>> followers) {
        List<Row> rows = new ArrayList<>();
        for (Paper paper : papers) {
            LocalDate firstSeen = firstSeen(paper);
            if (firstSeen == null) {
                continue;
            }
            Map<Long, String> byMember = new LinkedHashMap<>();
            for (String author : paper.authors()) {
                for (AuthorFollows.Follower follower : followers.getOrDefault(author, List.of())) {
                    if (!firstSeen.isBefore(LocalDate.ofInstant(follower.since(), ZoneOffset.UTC))) {
                        byMember.putIfAbsent(follower.userId(), author);
                    }
                }
            }
            byMember.forEach((member, author) -> rows.add(new Row(member, paper.id(), author, firstSeen)));
        }
        return rows;
    }

    /** The day a paper first reached the world: announced, else submitted (version 1); null when unknown. */
    private static LocalDate firstSeen(Paper paper) {
        if (paper.announced() != null) {
            return paper.announced();
        }
        return paper.submittedAt() == null ? null : LocalDate.ofInstant(paper.submittedAt(), ZoneOffset.UTC);
    }

    private int record(Connection c, List<Row> rows) throws SQLException {
        int added = 0;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO followed_papers (user_id, paper_id, author, "
                + "first_seen, found_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, paper_id) DO NOTHING")) {
            for (Row row : rows) {
                s.setLong(1, row.userId());
                s.setString(2, row.paperId().value());
                s.setString(3, row.author());
                s.setString(4, row.firstSeen().toString());
                s.setLong(5, clock.millis());
                added += s.executeUpdate();
            }
        }
        return added;
    }

    private long cursor() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT matched_through FROM author_follow_state");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private void advance(long through) {
        database.inTransaction(c -> advance(c, through));
    }

    /** Moves the cursor forward only: a slower run that finishes late never takes it back. */
    private static int advance(Connection c, long through) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE author_follow_state SET matched_through = ? WHERE matched_through < ?")) {
            s.setLong(1, through);
            s.setLong(2, through);
            return s.executeUpdate();
        }
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<Found> query(String where, Binder binder) {
        return database.read(c -> {
            List<Found> found = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT paper_id, author, first_seen FROM followed_papers " + where)) {
                binder.bind(s);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Found(new PaperId(rs.getString(1)), rs.getString(2),
                                LocalDate.parse(rs.getString(3))));
                    }
                }
            }
            return found;
        });
    }
}
