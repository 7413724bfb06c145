package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** A store with votes and comments from before the feed kept counts gets them counted when it is opened. */
class FeedCountsMigrationTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void openingAnOlderStoreCountsItsVotesAndLiveComments(String engine) throws SQLException {
        boolean sqlite = engine.equals("sqlite");
        String url = sqlite ? "jdbc:sqlite:" + tmp.resolve("paperboy.db") : PostgresServer.newDatabaseUrl();
        String user = sqlite ? null : "postgres";
        Database.migrations(url).dataSource(url, user, null).target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, null); Statement s = c.createStatement()) {
            for (String paper : new String[] {"2503.00001", "2503.00002", "2503.00003"}) {
                s.executeUpdate("INSERT INTO papers (paper_id, version, title, abstract, authors, author_count, "
                        + "categories, content_hash, change_seq, stored_at) VALUES ('" + paper + "', 1, 'T', 'A', '[]', "
                        + "0, '[]', 'h" + paper + "', " + paper.substring(5) + ", 0)");
            }
            for (String name : new String[] {"ada", "bob", "cy"}) {
                s.executeUpdate("INSERT INTO users (username, display_name, password_hash, created_at) "
                        + "VALUES ('" + name + "', '" + name + "', 'hash', 0)");
            }
            s.executeUpdate("INSERT INTO submissions (paper_id, feed_day, submitted_by, submitted_at) "
                    + "SELECT paper_id, '2025-03-18', 1, 0 FROM papers");
            s.executeUpdate("INSERT INTO upvotes (user_id, paper_id, created_at) VALUES "
                    + "(1, '2503.00001', 0), (2, '2503.00001', 0), (3, '2503.00001', 0), (1, '2503.00002', 0)");
            s.executeUpdate("INSERT INTO comments (paper_id, user_id, body, created_at, deleted_at) VALUES "
                    + "('2503.00001', 1, 'kept', 0, NULL), ('2503.00002', 2, '', 0, 5), ('2503.00002', 2, 'kept', 0, NULL), "
                    + "('2503.00002', 3, 'kept', 0, NULL)");
        }

        try (Database database = Database.open(url, user, null)) {
            Feed feed = new Feed(database);
            assertThat(counts(feed, "2503.00001")).containsExactly(3, 1);
            assertThat(counts(feed, "2503.00002")).as("the deleted comment is not counted").containsExactly(1, 2);
            assertThat(counts(feed, "2503.00003")).containsExactly(0, 0);
        }
    }

    private static Object[] counts(Feed feed, String paper) {
        FeedEntry entry = feed.submissionOf(new PaperId(paper)).orElseThrow();
        return new Object[] {entry.upvotes(), entry.comments()};
    }
}
