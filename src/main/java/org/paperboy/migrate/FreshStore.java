package org.paperboy.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.paperboy.storage.Database;

/**
 * How many rows each table of a new, empty store holds: the migrations put a few bookkeeping rows in place (the
 * change counter, the search ledger, ...). A target holding no more than that holds no site yet. Found by migrating a
 * scratch SQLite file, so a migration that adds such a row later is counted without anyone listing it here.
 */
final class FreshStore {

    private FreshStore() {}

    static Map<String, Long> rowsPerTable() {
        Path scratch = null;
        try {
            scratch = Files.createTempFile("paperboy-fresh-", ".db");
            String url = "jdbc:sqlite:" + scratch;
            Database.migrations(url).dataSource(url, null, null).load().migrate();
            Map<String, Long> rows = new HashMap<>();
            try (SqliteSnapshot fresh = SqliteSnapshot.open(scratch)) {
                for (String table : fresh.tablesInForeignKeyOrder()) {
                    rows.put(table, fresh.count(table));
                }
            }
            return rows;
        } catch (IOException | SQLException e) {
            throw new MigrationException("cannot make a scratch store in the temporary directory: " + e.getMessage(), e);
        } finally {
            if (scratch != null) {
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    try {
                        Files.deleteIfExists(scratch.resolveSibling(scratch.getFileName() + suffix));
                    } catch (IOException ignored) {
                        // a scratch file in the temporary directory
                    }
                }
            }
        }
    }
}
