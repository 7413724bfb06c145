package org.paperboy.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperboy.backup.BackupException;
import org.paperboy.backup.PostgresDump;
import org.paperboy.backup.StoreRestore;
import org.paperboy.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Replaces the data directory's SQLite store with a backup made by `paperboy backup`.",
                "Stop the server first. The old store is kept beside it; the search index is rebuilt on the next start."})
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "FILE", description = "Backup file to restore.")
    Path file;

    @Override
    public Integer call() {
        Settings settings = config.resolve(Map.of());
        String url = settings.databaseUrl();
        if (url.startsWith("jdbc:postgresql:")) {
            throw new CommandFailedException("the store is PostgreSQL: restore a pg_dump file with\n  "
                    + new PostgresDump(url, settings.databaseUser()).restoreCommand(file.toString()));
        }
        if (!Path.of(url.substring("jdbc:sqlite:".length())).equals(settings.dataDir().toAbsolutePath().resolve("paperboy.db"))) {
            throw new CommandFailedException("database.url names an SQLite file outside the data directory; "
                    + "restore puts the backup at DATA_DIR/paperboy.db only");
        }
        try {
            StoreRestore.Restored restored = StoreRestore.restore(file, settings.dataDir());
            System.out.println("restored " + file + " to " + restored.store());
            restored.previous().ifPresent(old -> System.out.println("the store it replaced is kept as " + old));
            System.out.println("the search index is rebuilt from the restored store when Paperboy next starts");
            return 0;
        } catch (BackupException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }
}
