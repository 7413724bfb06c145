package org.paperboy.migrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One read transaction on the SQLite store, held for the whole copy: every table is read as the store was at one
 * moment. In WAL mode (Paperboy's) the snapshot blocks no writer, so a server can keep running on the store; what it
 * writes after the snapshot began is not in the copy.
 */
final class SqliteSnapshot implements AutoCloseable {

    static final String SCHEMA_HISTORY = "flyway_schema_history";
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int PROBE_TIMEOUT_MILLIS = 3_000;

    private final Path file;
    private final Connection connection;

    private SqliteSnapshot(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens the store read-only (never creating it) and begins the snapshot. */
    static SqliteSnapshot open(Path file) {
        return open(file, BUSY_TIMEOUT_MILLIS);
    }

    /**
     * Fails soon if the store cannot be read: missing, not SQLite, or held under an exclusive lock (a restore setting it
     * aside), before anything waits the store's longer timeouts.
     */
    static void probe(Path file) {
        open(file, PROBE_TIMEOUT_MILLIS).close();
    }

    private static SqliteSnapshot open(Path file, int busyTimeoutMillis) {
        requireStore(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(busyTimeoutMillis);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            try {
                c.setAutoCommit(false);
                // The snapshot begins with the first read, not with BEGIN.
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    rs.next();
                }
                return new SqliteSnapshot(file, c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw unreadable(file, e);
        }
    }

    static void requireStore(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MigrationException("there is no SQLite store at " + file
                    + " (check --data-dir, or database.url in the configuration)");
        }
    }

    static MigrationException unreadable(Path file, SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("SQLITE_BUSY") || message.contains("locked")) {
            return new MigrationException("the SQLite store " + file + " is locked by another process (a restore, or a "
                    + "long write?); wait for it to finish and run migrate again", e);
        }
        return new MigrationException("cannot read the SQLite store " + file + ": " + message, e);
    }

    Path file() {
        return file;
    }

    /** The schema migrations applied to the store, by version. */
    Set<String> appliedMigrations() throws SQLException {
        return appliedMigrations(connection);
    }

    static Set<String> appliedMigrations(Connection c) throws SQLException {
        Set<String> versions = new LinkedHashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version FROM " + SCHEMA_HISTORY + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    /**
     * The store's tables (all but SQLite's own and Flyway's), each after the tables its foreign keys name: the order
     * in which rows can be inserted into a store that checks foreign keys.
     */
    List<String> tablesInForeignKeyOrder() throws SQLException {
        Map<String, Set<String>> references = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '"
                        + SCHEMA_HISTORY + "'")) {
            while (rs.next()) {
                references.put(rs.getString(1), new LinkedHashSet<>());
            }
        }
        for (Map.Entry<String, Set<String>> table : references.entrySet()) {
            try (PreparedStatement s = connection.prepareStatement("SELECT \"table\" FROM pragma_foreign_key_list(?)")) {
                s.setString(1, table.getKey());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (!rs.getString(1).equals(table.getKey())) {
                            table.getValue().add(rs.getString(1));
                        }
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < references.size()) {
            int before = ordered.size();
            for (Map.Entry<String, Set<String>> table : references.entrySet()) {
                if (!ordered.contains(table.getKey()) && ordered.containsAll(table.getValue())) {
                    ordered.add(table.getKey());
                }
            }
            if (ordered.size() == before) {
                throw new MigrationException("the store's foreign keys form a cycle among " + references.keySet());
            }
        }
        return ordered;
    }

    /** The table's columns in declaration order, with whether each is part of the primary key (its position, 0 if not). */
    Map<String, Integer> columns(String table) throws SQLException {
        Map<String, Integer> columns = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return columns;
    }

    long count(String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The highest id an AUTOINCREMENT column has handed out, deleted rows included ({@code sqlite_sequence}): ids are
     * never reused on SQLite, so PostgreSQL must not reuse them either.
     */
    long highestIdHandedOut(String table) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet exists = s.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
            if (!exists.next()) {
                return 0;
            }
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Streams the table's rows, in primary-key order, as {@link ColumnKind#readSqlite} reads them. */
    void readRows(Table table, RowSink sink) throws SQLException {
        String order = table.orderBy().isEmpty() ? "rowid" : String.join(", ", table.orderBy().stream().map(SqliteSnapshot::quote).toList());
        String columns = String.join(", ", table.columns().stream().map(c -> quote(c.name())).toList());
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + quote(table.name()) + " ORDER BY " + order)) {
            int width = table.columns().size();
            while (rs.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = table.columns().get(i).kind().readSqlite(rs, i + 1);
                }
                sink.accept(row);
            }
        }
    }

    @FunctionalInterface
    interface RowSink {
        void accept(Object[] row) throws SQLException;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException ignored) {
            // A read-only snapshot: nothing to lose.
        }
    }
}
