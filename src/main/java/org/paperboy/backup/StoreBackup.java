package org.paperboy.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;

/**
 * A consistent copy of a live SQLite store. {@code VACUUM INTO} copies the state of one read transaction: in WAL mode
 * that blocks no writer (they append to the WAL meanwhile), where the online backup API restarts whenever another
 * connection writes and may never finish under steady writes. The copy goes to {@code FILE.partial} and is renamed
 * to {@code FILE} once complete and synced, so {@code FILE} is never half written; a {@code .partial} left by a killed
 * backup is removed by the next one.
 */
public final class StoreBackup {

    private static final long PROGRESS_INTERVAL_MILLIS = 250;

    private StoreBackup() {}

    /** What a backup wrote, and roughly how much it had to copy (the store's size, free pages included). */
    public record Written(Path file, long bytes, long storeBytes) {}

    /** Checks the target, estimates the work; {@link #write} does it. */
    public static long storeBytes(Path store) {
        requireStore(store);
        try (Connection c = SqliteFiles.open(store, true, 30_000)) {
            return pragmaLong(c, "page_count") * pragmaLong(c, "page_size");
        } catch (SQLException e) {
            throw new BackupException("cannot read the store " + store + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code store} to {@code target}; {@code progress} receives the bytes written so far, now and then. */
    public static Written write(Path store, Path target, boolean force, LongConsumer progress) {
        requireStore(store);
        Path file = target.toAbsolutePath();
        requireWritableTarget(file, force);
        Path partial = SqliteFiles.sibling(file, ".partial");
        try {
            Files.deleteIfExists(partial);
            long storeBytes = storeBytes(store);
            copy(store, partial, progress);
            sync(partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Written(file, Files.size(file), storeBytes);
        } catch (IOException e) {
            throw new BackupException("cannot write the backup " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // The next backup to this name removes it.
            }
        }
    }

    private static void requireStore(Path store) {
        if (!Files.isRegularFile(store)) {
            throw new BackupException("there is no SQLite store at " + store + " (check --data-dir)");
        }
    }

    private static void requireWritableTarget(Path file, boolean force) {
        Path directory = file.getParent();
        if (!Files.isDirectory(directory)) {
            throw new BackupException("cannot write the backup: directory " + directory + " does not exist");
        }
        if (!Files.isWritable(directory)) {
            throw new BackupException("cannot write the backup: directory " + directory + " is not writable");
        }
        if (Files.isDirectory(file)) {
            throw new BackupException(file + " is a directory; name the backup file to write");
        }
        if (Files.exists(file) && !force) {
            throw new BackupException(file + " already exists; choose another name, or pass --force to replace it");
        }
    }

    private static void copy(Path store, Path partial, LongConsumer progress) {
        Thread watcher = Thread.ofVirtual().start(() -> reportSize(partial, progress));
        try (Connection c = SqliteFiles.open(store, true, 30_000);
             PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
            s.setString(1, partial.toString());
            s.execute();
        } catch (SQLException e) {
            throw new BackupException("cannot copy the store " + store + ": " + e.getMessage(), e);
        } finally {
            watcher.interrupt();
        }
    }

    private static void reportSize(Path file, LongConsumer progress) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(PROGRESS_INTERVAL_MILLIS);
                if (Files.exists(file)) {
                    progress.accept(Files.size(file));
                }
            }
        } catch (InterruptedException | IOException e) {
            // Done, or the file is gone: progress is only a display.
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    static long pragmaLong(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
