package org.paperboy.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Puts a backup in place of a data directory's store. Nothing is replaced until the backup has proved to be a Paperboy
 * store that passes SQLite's integrity check; the old store is renamed aside, not deleted. The restored copy gets a new
 * search-index epoch, so the index in the data directory (built from the store as it was) is rebuilt on the next start
 * instead of being trusted.
 */
public final class StoreRestore {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private StoreRestore() {}

    /** Where the store that was replaced now lies; empty when the data directory had none. */
    public record Restored(Path store, Optional<Path> previous) {}

    public static Restored restore(Path backup, Path dataDir) {
        verify(backup);
        Path store = dataDir.toAbsolutePath().resolve("paperboy.db");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BackupException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        // A running server holds the search index's write lock for as long as it runs; holding it here keeps one from
        // starting halfway through.
        try (Directory index = FSDirectory.open(dataDir.resolve("index"));
             Lock ignored = lockIndex(index, dataDir)) {
            Path staging = SqliteFiles.sibling(store, ".restoring");
            try {
                Files.copy(backup, staging, StandardCopyOption.REPLACE_EXISTING);
                giveNewIndexEpoch(staging);
                Optional<Path> previous = Files.exists(store) ? Optional.of(setAside(store)) : Optional.empty();
                try {
                    Files.move(staging, store, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (previous.isPresent()) {
                        Files.move(previous.get(), store, StandardCopyOption.ATOMIC_MOVE);
                    }
                    throw e;
                }
                return new Restored(store, previous);
            } finally {
                Files.deleteIfExists(staging);
            }
        } catch (IOException e) {
            throw new BackupException("cannot restore into " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Refuses anything but an intact Paperboy store: a stray file must not replace a working site. */
    static void verify(Path backup) {
        if (!Files.isRegularFile(backup)) {
            throw new BackupException("there is no file " + backup);
        }
        try (InputStream in = Files.newInputStream(backup)) {
            if (!Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER)) {
                throw new BackupException(backup + " is not an SQLite database, so not a Paperboy backup");
            }
        } catch (IOException e) {
            throw new BackupException("cannot read " + backup + ": " + e.getMessage(), e);
        }
        try (Connection c = SqliteFiles.open(backup, true, 0); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check(1)")) {
                String result = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(result)) {
                    throw new BackupException(backup + " is damaged (SQLite integrity check: " + result + ")");
                }
            }
            if (!hasTable(s, "flyway_schema_history") || !hasTable(s, "papers")) {
                throw new BackupException(backup + " is an SQLite database but not a Paperboy store (no schema history or papers)");
            }
        } catch (SQLException e) {
            throw new BackupException(backup + " cannot be read as an SQLite database: " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
            return rs.next();
        }
    }

    private static Lock lockIndex(Directory index, Path dataDir) throws IOException {
        try {
            return index.obtainLock(IndexWriter.WRITE_LOCK_NAME);
        } catch (LockObtainFailedException e) {
            throw new BackupException("the data directory " + dataDir + " is in use by a running Paperboy; stop it first");
        }
    }

    private static void giveNewIndexEpoch(Path staging) throws IOException {
        try (Connection c = SqliteFiles.open(staging, false, 0); Statement s = c.createStatement()) {
            if (hasTable(s, "search_index_ledger")) {
                s.executeUpdate("UPDATE search_index_ledger SET epoch = '" + UUID.randomUUID().toString().replace("-", "") + "'");
            }
            s.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw new IOException("cannot prepare the restored copy: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the old store's exclusive lock, which SQLite refuses while any other connection (a server, an import) has
     * it open, then folds its WAL into it and renames it aside.
     */
    private static Path setAside(Path store) throws IOException {
        try (Connection c = SqliteFiles.open(store, false, 0); Statement s = c.createStatement()) {
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            try {
                s.execute("BEGIN EXCLUSIVE");
                s.execute("SELECT count(*) FROM sqlite_master");
                s.execute("COMMIT");
            } catch (SQLException e) {
                throw new BackupException("the store " + store + " is open in another process (a running Paperboy?); stop it first");
            }
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new BackupException("cannot set the store " + store + " aside: " + e.getMessage(), e);
        }
        Path aside = SqliteFiles.sibling(store, ".before-restore-" + LocalDateTime.now().format(ASIDE_STAMP));
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Path companion = SqliteFiles.sibling(store, suffix);
            if (Files.exists(companion)) {
                Files.move(companion, SqliteFiles.sibling(aside, suffix));
            }
        }
        Files.move(store, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }
}
