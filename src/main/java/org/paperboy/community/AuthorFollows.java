package org.paperboy.community;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.storage.Database;

/**
 * Members following authors (table {@code author_follows}), by the name exactly as the catalog stores it. Following
 * twice is following once; a member follows at most {@link #MAX_PER_MEMBER} authors. What a follow brings (the
 * author's new papers in the member's digest and alerts feed) is {@code org.paperboy.alerts.FollowedPapers}.
 */
public final class AuthorFollows {

    public static final int MAX_PER_MEMBER = 500;
    /** Longer than any name arXiv lists; refuses junk before it is stored. */
    public static final int MAX_NAME = 300;

    /** A member who follows an author, since when. */
    public record Follower(long userId, String author, Instant since) {}

    private final Database database;

    public AuthorFollows(Database database) {
        this.database = database;
    }

    /** Starts following; the author's papers first announced from today on reach the member. */
    public void follow(long userId, String author, Instant now) {
        if (author.isBlank() || author.length() > MAX_NAME) {
            throw CommunityException.invalid("an author's name has 1 to " + MAX_NAME + " characters");
        }
        database.inTransaction(c -> {
            database.lockRow(c, "users", "user_id", userId);
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM author_follows WHERE user_id = ?")) {
                count.setLong(1, userId);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= MAX_PER_MEMBER) {
                        throw CommunityException.conflict("you follow " + MAX_PER_MEMBER
                                + " authors already; unfollow one first");
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO author_follows (user_id, author, followed_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT (user_id, author) DO NOTHING")) {
                s.setLong(1, userId);
                s.setString(2, author);
                s.setLong(3, now.toEpochMilli());
                return s.executeUpdate();
            }
        });
    }

    /** Stops following; doing it twice is doing it once. */
    public void unfollow(long userId, String author) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM author_follows WHERE user_id = ? AND author = ?")) {
                s.setLong(1, userId);
                s.setString(2, author);
                return s.executeUpdate();
            }
        });
    }

    public boolean follows(long userId, String author) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM author_follows WHERE user_id = ? AND author = ?")) {
                s.setLong(1, userId);
                s.setString(2, author);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The authors the member follows, by name. */
    public List<String> followedBy(long userId) {
        return database.read(c -> {
            List<String> authors = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT author FROM author_follows WHERE user_id = ? ORDER BY author")) {
                s.setLong(1, userId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        authors.add(rs.getString(1));
                    }
                }
            }
            return authors;
        });
    }

    /** Whether anyone follows anyone: when nobody does, new papers need not be looked at. */
    public boolean any() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM author_follows LIMIT 1");
                 ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** The followers of each of these authors (the authors nobody follows are left out). */
    public Map<String, List<Follower>> followersOf(Collection<String> authors) {
        Map<String, List<Follower>> followers = new LinkedHashMap<>();
        List<String> names = authors.stream().distinct().toList();
        for (int from = 0; from < names.size(); from += 500) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + 500));
            database.read(c -> {
                String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement s = c.prepareStatement("SELECT user_id, author, followed_at FROM author_follows "
                        + "WHERE author IN (" + marks + ") ORDER BY user_id")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            Follower follower = new Follower(rs.getLong(1), rs.getString(2),
                                    Instant.ofEpochMilli(rs.getLong(3)));
                            followers.computeIfAbsent(follower.author(), k -> new ArrayList<>()).add(follower);
                        }
                    }
                }
                return null;
            });
        }
        return followers;
    }
}
