package org.paperboy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.TestPapers;

class DatabaseTest {

    @TempDir
    Path tmp;

    private Database sqlite() {
        return Database.open("jdbc:sqlite:" + tmp.resolve("nested/dirs/paperboy.db"), null, null);
    }

    @Test
    void commitsCountsTheTransactionsThisProcessCommitted() {
        try (Database database = sqlite()) {
            long before = database.commits();
            database.inTransaction(c -> c.createStatement().executeUpdate(
                    "INSERT INTO counters (name, value) VALUES ('test', 1)"));
            assertThat(database.commits()).isEqualTo(before + 1);
            assertThatThrownBy(() -> database.inTransaction(c -> {
                c.createStatement().executeUpdate("UPDATE counters SET value = 2 WHERE name = 'test'");
                throw new IllegalStateException("changed my mind");
            })).isInstanceOf(IllegalStateException.class);
            database.read(c -> c.createStatement().executeQuery("SELECT value FROM counters").next());
            assertThat(database.commits()).as("neither a rollback nor a read counts").isEqualTo(before + 1);
        }
    }

    @Test
    void sqliteCreatesItsDirectoryAndSchema() {
        try (Database database = sqlite()) {
            assertThat(database.dialect()).isEqualTo(Database.Dialect.SQLITE);
            assertThat(tmp.resolve("nested/dirs/paperboy.db")).isRegularFile();
            assertThat(tables(database, "SELECT name FROM sqlite_master WHERE type = 'table'"))
                    .contains("papers", "counters", "users", "submissions", "upvotes", "comments");
        }
    }

    @Test
    void sqliteConnectionsUseWalAndEnforceForeignKeys() {
        try (Database database = sqlite()) {
            for (int i = 0; i < 6; i++) { // more than the pool holds: every connection is configured
                assertThat(pragma(database, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(database, "foreign_keys")).isEqualTo("1");
                assertThat(pragma(database, "busy_timeout")).isEqualTo("30000");
            }
        }
    }

    @Test
    void reopeningMigratesNothingAndKeepsTheData() {
        try (Database database = sqlite()) {
            new Catalog(database).upsert(List.of(TestPapers.paper("2503.11731")));
        }
        try (Database database = sqlite()) {
            assertThat(new Catalog(database).count()).isEqualTo(1);
            assertThat(tables(database, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1"))
                    .singleElement().isNotEqualTo("0");
        }
    }

    @Test
    void postgresqlGetsTheSameSchema() {
        try (Database database = PostgresServer.newDatabase()) {
            assertThat(database.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
            assertThat(tables(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
                    .contains("papers", "counters", "users", "submissions", "upvotes", "comments");
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehindOnSqlite() {
        try (Database database = sqlite()) {
            assertRollsBack(database);
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehindOnPostgresql() {
        try (Database database = PostgresServer.newDatabase()) {
            assertRollsBack(database);
        }
    }

    private static void assertRollsBack(Database database) {
        IllegalStateException failure = new IllegalStateException("work failed half-way");
        assertThatThrownBy(() -> database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO counters (name, value) VALUES ('half-way', 1)");
            }
            throw failure;
        })).isSameAs(failure);

        assertThatThrownBy(() -> database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO counters (name, value) VALUES ('half-way', 1)");
                s.executeUpdate("INSERT INTO no_such_table VALUES (1)");
            }
            return null;
        })).isInstanceOf(StorageException.class).hasMessageStartingWith("database error: ");

        assertThat(tables(database, "SELECT name FROM counters ORDER BY name")).containsExactly("paper_change");
        // and the connection went back to the pool in auto-commit mode, usable as ever
        int inserted = database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO counters (name, value) VALUES ('after', 1)");
            }
        });
        assertThat(inserted).isEqualTo(1);
        assertThat(tables(database, "SELECT name FROM counters ORDER BY name")).containsExactly("after", "paper_change");
    }

    @Test
    void aTransactionThatCannotBeginOnABusySqliteLeavesNoSpoiledConnectionInThePool() throws Exception {
        try (Database database = sqlite()) {
            List<Connection> pool = borrowWholePool(database);
            for (Connection c : pool) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 100"); // waits briefly for the write lock, for the test's sake
                }
            }
            Connection writer = pool.removeFirst();
            for (Connection c : pool) {
                c.close();
            }
            writer.setAutoCommit(false); // BEGIN IMMEDIATE: holds the one write lock
            assertThatThrownBy(() -> database.inTransaction(c -> null)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("SQLITE_BUSY");
            writer.rollback();
            writer.setAutoCommit(true);
            writer.close();

            for (Connection c : borrowWholePool(database)) {
                assertThat(c.getAutoCommit()).as("a connection lent later").isTrue();
                c.close();
            }
            assertRollsBack(database); // and transactions are atomic as ever
        }
    }

    /** Every connection the SQLite pool holds, lent out at once. */
    private static List<Connection> borrowWholePool(Database database) throws java.sql.SQLException {
        List<Connection> all = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(database.connection());
        }
        return all;
    }

    @Test
    void anUnsupportedUrlIsRefusedWithTheSupportedOnes() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/paperboy", null, null))
                .isInstanceOf(StorageException.class)
                .hasMessage("unsupported database URL 'jdbc:mysql://localhost/paperboy': "
                        + "use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void anUnreachablePostgresqlIsReportedWithAHintAndWithoutThePassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/paperboy?user=paperboy&password=hunter2&connectTimeout=2";

        assertThatThrownBy(() -> Database.open(url, null, null))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("cannot open database jdbc:postgresql://127.0.0.1:1/paperboy?user=paperboy&password=***")
                .hasMessageContaining("is the PostgreSQL server running")
                .hasMessageNotContaining("hunter2");
    }

    private static String pragma(Database database, String name) {
        return tables(database, "PRAGMA " + name).getFirst();
    }

    /** The first column of every row of a query. */
    private static List<String> tables(Database database, String sql) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                java.util.ArrayList<String> values = new java.util.ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        });
    }
}
