package org.paperboy.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every row of every table of a store, each written out the same way whichever engine it came from (numbers as
 * numbers, booleans as 0/1, times as epoch milliseconds, bytes as hex), rows sorted: two stores hold the same rows
 * when their dumps are equal. Written apart from {@code org.paperboy.migrate}, so that it checks that code rather than
 * repeating it. Flyway's own table is left out.
 */
public final class TableRows {

    private TableRows() {}

    /** Table names of an SQLite store, Flyway's and SQLite's own left out. */
    public static List<String> sqliteTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite_%' AND name <> 'flyway_schema_history' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** The rows of {@code tables}, leaving out {@code ignored} columns ("table.column"). */
    public static Map<String, List<String>> dump(Connection c, List<String> tables, Set<String> ignored) throws SQLException {
        Map<String, List<String>> dump = new TreeMap<>();
        for (String table : tables) {
            List<String> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new TreeMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        String column = meta.getColumnName(i).toLowerCase();
                        if (!ignored.contains(table + "." + column)) {
                            row.put(column, text(rs.getObject(i)));
                        }
                    }
                    rows.add(row.toString());
                }
            }
            rows.sort(null);
            dump.put(table, rows);
        }
        return dump;
    }

    private static String text(Object value) {
        return switch (value) {
            case null -> "null";
            case Boolean b -> b ? "1" : "0";
            case Float f -> "real " + f.doubleValue();
            case Double d -> "real " + d;
            case Number n -> String.valueOf(n.longValue());
            case byte[] bytes -> "x'" + HexFormat.of().formatHex(bytes) + "'";
            case java.sql.Timestamp t -> String.valueOf(t.getTime());
            case OffsetDateTime t -> String.valueOf(t.toInstant().toEpochMilli());
            default -> "'" + value + "'";
        };
    }
}
