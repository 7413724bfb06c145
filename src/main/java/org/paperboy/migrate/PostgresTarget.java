package org.paperboy.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The PostgreSQL side of the copy: what the migrations made there, and the statements the copy runs on it. */
final class PostgresTarget {

    static final String STORE_ID_KEY = "store-id";
    private static final String COPY_NOTE = "paperboy migrate: copied in transaction ";

    private final Connection connection;

    PostgresTarget(Connection connection) {
        this.connection = connection;
    }

    /** Each table's columns and their kinds (a type no migration uses shows as null). */
    Map<String, Map<String, ColumnKind>> columns() throws SQLException {
        Map<String, Map<String, ColumnKind>> tables = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.table_name, c.column_name, c.udt_name FROM information_schema.columns c "
                        + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                        + "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
                        + "AND c.table_name <> '" + SqliteSnapshot.SCHEMA_HISTORY + "' ORDER BY c.table_name, c.ordinal_position")) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
                        .put(rs.getString(2), ColumnKind.ofPostgresType(rs.getString(3)));
            }
        }
        return tables;
    }

    /** Identity columns (the migrations' {@code ${identity}}), by table. */
    Map<String, String> identityColumns() throws SQLException {
        Map<String, String> identities = new HashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name, column_name "
                + "FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'")) {
            while (rs.next()) {
                identities.put(rs.getString(1), rs.getString(2));
            }
        }
        return identities;
    }

    long count(String table) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqliteSnapshot.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Optional<String> siteKey(String name) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT secret FROM site_keys WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Notes, on the target, the transaction that wrote the copy: every row it wrote has that transaction id as its
     * {@code xmin}, and a row inserted or updated since has another. Called inside the copy's transaction.
     */
    void noteCopy() throws SQLException {
        String xid;
        // The store id row is always there (the store got it before its snapshot), written by this transaction.
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT xmin::text FROM site_keys WHERE name = '" + STORE_ID_KEY + "'")) {
            if (!rs.next()) {
                throw new MigrationException("the copy holds no site key " + STORE_ID_KEY + "; it cannot be told apart later");
            }
            xid = rs.getString(1);
        }
        try (Statement s = connection.createStatement()) {
            s.execute("COMMENT ON TABLE site_keys IS '" + COPY_NOTE + xid + "'");
        }
    }

    /** The transaction that wrote the target's copy, as {@link #noteCopy} noted it. */
    Optional<String> copyTransaction() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT obj_description('site_keys'::regclass, 'pg_class')")) {
            rs.next();
            String note = rs.getString(1);
            return note != null && note.startsWith(COPY_NOTE) ? Optional.of(note.substring(COPY_NOTE.length())) : Optional.empty();
        }
    }

    /** Rows of {@code table} inserted or updated by another transaction than {@code xid}. */
    long rowsWrittenOutside(String table, String xid) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT count(*) FROM " + SqliteSnapshot.quote(table) + " WHERE xmin::text <> ?")) {
            s.setString(1, xid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Empties every table to be copied, in the caller's transaction: the copy replaces the target's content, so a
     * re-run converges on the store instead of adding to an earlier copy. Waits a while for locks, not for ever: a
     * server running on the target holds them.
     */
    void empty(List<Table> tables) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '15s'");
            s.execute("TRUNCATE TABLE " + String.join(", ", tables.stream().map(t -> SqliteSnapshot.quote(t.name())).toList()));
        }
    }

    PreparedStatement insert(Table table) throws SQLException {
        String parameters = String.join(", ", table.columns().stream().map(c -> "?").toList());
        return connection.prepareStatement("INSERT INTO " + SqliteSnapshot.quote(table.name()) + " ("
                + String.join(", ", table.columns().stream().map(c -> SqliteSnapshot.quote(c.name())).toList())
                + ") VALUES (" + parameters + ")");
    }

    /**
     * Moves the identity's sequence past every id copied and every id SQLite handed out before (deleted rows'
     * included), so rows added on PostgreSQL neither collide with copied ones nor reuse a deleted row's id.
     */
    void advanceIdentity(Table table, String column, long highestHandedOut) throws SQLException {
        long highest = highestHandedOut;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT max("
                + SqliteSnapshot.quote(column) + ") FROM " + SqliteSnapshot.quote(table.name()))) {
            rs.next();
            highest = Math.max(highest, rs.getLong(1));
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), ?, ?)")) {
            s.setString(1, SqliteSnapshot.quote(table.name()));
            s.setString(2, column);
            s.setLong(3, Math.max(highest, 1));
            s.setBoolean(4, highest > 0);
            s.executeQuery().close();
        }
    }

    void readRows(Table table, SqliteSnapshot.RowSink sink) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", table.columns().stream()
                    .map(c -> SqliteSnapshot.quote(c.name())).toList()) + " FROM " + SqliteSnapshot.quote(table.name()))) {
                int width = table.columns().size();
                while (rs.next()) {
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = table.columns().get(i).kind().readPostgres(rs, i + 1);
                    }
                    sink.accept(row);
                }
            }
        }
    }
}
