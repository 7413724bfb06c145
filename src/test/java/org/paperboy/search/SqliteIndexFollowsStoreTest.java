package org.paperboy.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperboy.storage.Database;

/** The contract on SQLite files; a backup is a copy of the closed database file, as the README suggests. */
class SqliteIndexFollowsStoreTest extends IndexFollowsStoreContract {

    private final AtomicInteger files = new AtomicInteger();

    @Override
    String newStore() {
        return "jdbc:sqlite:" + tmp.resolve("paperboy-" + files.incrementAndGet() + ".db");
    }

    @Override
    Database open(String url) {
        return Database.open(url, null, null);
    }

    @Override
    String backupOf(String url) {
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        Path copy = tmp.resolve("backup-" + files.incrementAndGet() + ".db");
        try {
            Files.copy(file, copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "jdbc:sqlite:" + copy;
    }
}
