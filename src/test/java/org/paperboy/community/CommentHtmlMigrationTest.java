package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** Migration V5 renders the comments written before it, on each store, so that reading them never renders. */
class CommentHtmlMigrationTest {

    private static final PaperId PAPER = new PaperId("2503.11731");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void commentsWrittenBeforeV5GetTheirHtml(String store) throws SQLException {
        boolean sqlite = store.equals("sqlite");
        String url = sqlite ? "jdbc:sqlite:" + tmp.resolve("paperboy.db") : PostgresServer.newDatabaseUrl();
        String user = sqlite ? null : "postgres";
        migrateToV4(url, user);
        try (Connection c = DriverManager.getConnection(url, user, null)) {
            c.createStatement().execute("INSERT INTO papers (paper_id, version, title, abstract, authors, author_count, "
                    + "categories, content_hash, change_seq, stored_at) VALUES ('" + PAPER.value()
                    + "', 1, 'T', 'A', '[]', 0, '[]', 'h', 1, 0)");
            c.createStatement().execute("INSERT INTO users (username, display_name, password_hash, created_at) "
                    + "VALUES ('ada', 'Ada', 'hash', 0)");
            insertComment(c, "*kept*", null);
            insertComment(c, "> ".repeat(5000).strip(), null);
            insertComment(c, "", 1L);
        }

        try (Database database = Database.open(url, user, null)) {
            int withoutHtml = database.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM comments WHERE body_html IS NULL")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(withoutHtml).as("no comment is left to render on a page view").isZero();
            List<Comment> comments = new Comments(database).comments(PAPER);
            assertThat(comments).extracting(Comment::html).containsExactly("<p><em>kept</em></p>\n",
                    "<p>" + "&gt; ".repeat(4999) + "&gt;</p>\n", "");
        }
    }

    /** The schema as it was before V5, with the placeholders {@link Database} gives Flyway. */
    private static void migrateToV4(String url, String user) {
        Database.migrations(url).dataSource(url, user, null).target("4").load().migrate();
    }

    private static void insertComment(Connection c, String body, Long deletedAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO comments (paper_id, user_id, body, created_at, "
                + "deleted_at) VALUES (?, (SELECT user_id FROM users), ?, ?, ?)")) {
            s.setString(1, PAPER.value());
            s.setString(2, body);
            s.setLong(3, System.nanoTime());
            s.setObject(4, deletedAt, java.sql.Types.BIGINT);
            s.executeUpdate();
        }
    }
}
