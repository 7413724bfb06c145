package org.paperboy.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.paperboy.backup.BackupException;
import org.paperboy.backup.PostgresDump;
import org.paperboy.backup.StoreBackup;
import org.paperboy.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Writes a consistent copy of the SQLite store to FILE, while the server runs.",
                "The search index is not copied: it is derived from the store and rebuilt after a restore.",
                "On PostgreSQL, prints the pg_dump command to use instead."})
final class BackupCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "FILE", description = "Backup file to write (refused if it exists, unless --force).")
    Path file;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        Settings settings = config.resolve(Map.of());
        String url = settings.databaseUrl();
        if (url.startsWith("jdbc:postgresql:")) {
            PostgresDump dump = new PostgresDump(url, settings.databaseUser());
            throw new CommandFailedException("the store is PostgreSQL: back it up with its own tools "
                    + "(password from PGPASSWORD or ~/.pgpass):\n  " + dump.dumpCommand(file.toString())
                    + "\nand restore with:\n  " + dump.restoreCommand(file.toString()));
        }
        Path store = Path.of(url.substring("jdbc:sqlite:".length()));
        try {
            long estimate = StoreBackup.storeBytes(store);
            StoreBackup.Written written;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Backing up").setInitialMax(estimate)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).build()) {
                written = StoreBackup.write(store, file, force, bytes -> bar.stepTo(Math.min(bytes, estimate)));
                bar.stepTo(estimate);
            }
            System.out.printf("backed up %s (%,.1f MB) to %s%n", store, written.bytes() / 1048576.0, written.file());
            System.out.println("the search index is not in the backup: it is derived from the store, "
                    + "and rebuilt on the first start after `paperboy restore`");
            return 0;
        } catch (BackupException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }
}
