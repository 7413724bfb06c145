package org.paperboy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite statements kept across reads: reused, yet each read sees what an uncached statement would. */
class StatementCacheTest {

    @TempDir
    Path tmp;

    Database database;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null);
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    s.setString(1, "test-" + i);
                    s.setLong(2, i * 10L);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static final String BY_NAME = "SELECT value FROM counters WHERE name = ?";

    @Test
    void aStatementIsPreparedOnceAndAnswersEveryReadWithItsOwnParameters() {
        List<PreparedStatement> physical = new ArrayList<>();
        List<Long> values = database.read(c -> {
            List<Long> found = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                try (PreparedStatement s = c.prepareStatement(BY_NAME)) {
                    physical.add(s.unwrap(PreparedStatement.class));
                    s.setString(1, "test-" + i);
                    try (ResultSet rs = s.executeQuery()) {
                        found.add(rs.next() ? rs.getLong(1) : null);
                    }
                }
            }
            return found;
        });
        assertThat(values).containsExactly(10L, 20L, 30L);
        assertThat(physical).hasSize(3).allSatisfy(s -> assertThat(s).isSameAs(physical.getFirst()));
    }

    @Test
    void theSameSqlTwiceAtOnceGetsTwoStatements() {
        List<Long> values = database.read(c -> {
            try (PreparedStatement outer = c.prepareStatement(BY_NAME);
                 PreparedStatement inner = c.prepareStatement(BY_NAME)) {
                assertThat(inner.unwrap(PreparedStatement.class)).isNotSameAs(outer.unwrap(PreparedStatement.class));
                outer.setString(1, "test-1");
                inner.setString(1, "test-2");
                try (ResultSet a = outer.executeQuery(); ResultSet b = inner.executeQuery()) {
                    a.next();
                    b.next();
                    return List.of(a.getLong(1), b.getLong(1));
                }
            }
        });
        assertThat(values).containsExactly(10L, 20L);
    }

    @Test
    void aClosedStatementCannotBeUsedAndForgetsItsParameters() {
        database.read(c -> {
            PreparedStatement first = c.prepareStatement(BY_NAME);
            first.setString(1, "test-1");
            first.close();
            assertThat(first.isClosed()).isTrue();
            assertThatThrownBy(first::executeQuery).isInstanceOf(SQLException.class);
            try (PreparedStatement again = c.prepareStatement(BY_NAME); ResultSet rs = again.executeQuery()) {
                assertThat(rs.next()).as("no parameter bound: name = NULL matches nothing").isFalse();
            }
            return null;
        });
    }

    @Test
    void aResultSetLeftOpenDoesNotPinAnOldSnapshot() {
        try (Database other = Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null)) {
            aResultSetLeftOpenDoesNotPinAnOldSnapshot(other);
        }
    }

    /** {@code writer}: another pool on the same file, as another process would write. */
    private void aResultSetLeftOpenDoesNotPinAnOldSnapshot(Database writer) {
        for (int round = 0; round < 5; round++) {
            // Left open on purpose: the statement (and the connection) must not keep seeing this snapshot.
            long before = database.read(c -> {
                PreparedStatement s = c.prepareStatement(BY_NAME);
                s.setString(1, "test-1");
                ResultSet rs = s.executeQuery();
                rs.next();
                return rs.getLong(1);
            });
            long written = before + 1;
            writer.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE counters SET value = ? WHERE name = 'test-1'")) {
                    s.setLong(1, written);
                    return s.executeUpdate();
                }
            });
            long after = database.read(c -> {
                try (PreparedStatement s = c.prepareStatement(BY_NAME)) {
                    s.setString(1, "test-1");
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            assertThat(after).isEqualTo(written);
        }
    }

    @Test
    void manyDistinctStatementsStayWithinTheBound() {
        long sum = 0;
        for (int i = 0; i < StatementCache.PER_CONNECTION * 3; i++) {
            int n = i;
            sum += database.read(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT " + n + " + value FROM counters WHERE name = 'test-1'");
                     ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }
        long n = StatementCache.PER_CONNECTION * 3L;
        assertThat(sum).isEqualTo(n * 10 + n * (n - 1) / 2);
    }
}
