package org.paperboy.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/** Plain connections to an SQLite file, outside Paperboy's pool and without running migrations on it. */
final class SqliteFiles {

    private SqliteFiles() {}

    static Connection open(Path file, boolean readOnly, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(busyTimeoutMillis);
        // Never create a missing file: a typo in a path must not leave an empty database behind.
        config.resetOpenMode(org.sqlite.SQLiteOpenMode.CREATE);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
