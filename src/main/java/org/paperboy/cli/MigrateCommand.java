package org.paperboy.cli;

import java.io.Console;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.paperboy.config.Settings;
import org.paperboy.migrate.MigrationException;
import org.paperboy.migrate.MigrationReport;
import org.paperboy.migrate.PasswordRequiredException;
import org.paperboy.migrate.StoreMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copies the site from its SQLite store to a PostgreSQL database: papers, vectors, members, "
                + "sessions, tokens, votes, comments, collections, subscriptions, alerts, mail, harvest state.",
                "Reads one snapshot of the store, so a server may keep running on it, but what it writes after the "
                        + "snapshot is not copied: stop it for the final copy. Safe to re-run: the target gets the "
                        + "whole copy in one transaction, or nothing.",
                "The password comes from --password (asked for, never echoed), else PGPASSWORD."})
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--to", required = true, paramLabel = "JDBC_URL",
            description = "The PostgreSQL database to copy into: jdbc:postgresql://HOST[:PORT]/DATABASE (empty, or "
                    + "an earlier copy of this store).")
    String to;

    @Option(names = "--user", paramLabel = "USER", description = "PostgreSQL user (default: $PGUSER).")
    String user;

    @Option(names = "--password", arity = "0..1", interactive = true, paramLabel = "PASSWORD",
            description = "Ask for the PostgreSQL password (given a value, takes it, but other users may see it in the "
                    + "process list: prefer the prompt or PGPASSWORD).")
    char[] password;

    @Option(names = "--replace", description = "Delete another site's data found in the target and copy this store "
            + "in its place.")
    boolean replace;

    @Override
    public Integer call() {
        Settings settings = config.resolve(Map.of());
        String source = settings.databaseUrl();
        if (!source.startsWith("jdbc:sqlite:")) {
            throw new CommandFailedException("the configured store (database.url) is not SQLite: migrate copies an "
                    + "SQLite store to PostgreSQL");
        }
        Path store = Path.of(source.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""));
        String who = user != null ? user : System.getenv("PGUSER");
        String secret = password != null ? new String(password) : System.getenv("PGPASSWORD");
        long start = System.nanoTime();
        MigrationReport report;
        try {
            report = copy(store, who, secret);
        } catch (PasswordRequiredException e) {
            // Asked for only at a terminal: a script gets the message saying how to give it.
            Console console = System.console();
            if (secret != null || console == null) {
                throw new CommandFailedException(e.getMessage());
            }
            char[] typed = console.readPassword("Password for %s: ", who == null ? "PostgreSQL" : who);
            try {
                report = copy(store, who, typed == null ? "" : new String(typed));
            } catch (PasswordRequiredException again) {
                throw new CommandFailedException(again.getMessage());
            }
        }
        System.out.print(report.format());
        System.out.printf("copied %,d rows from %s in %.1f s%s%n", report.rows(), store,
                (System.nanoTime() - start) / 1e9, report.replaced() ? ", replacing what the target held" : "");
        System.out.println("the search index is not copied: the target has a new index epoch, so the index is rebuilt "
                + "from PostgreSQL (`paperboy reindex` with database.url set to the target, or the server on its start)");
        System.out.println("writes to the SQLite store after the snapshot are not in this copy: stop the server and run "
                + "migrate again for the final copy; then set database.url, database.user and database.password");
        return 0;
    }

    private MigrationReport copy(Path store, String who, String secret) {
        StoreMigration migration = new StoreMigration(store, new StoreMigration.Target(to, who, secret), replace);
        Progress progress = new Progress();
        try {
            return migration.run(progress);
        } catch (StoreMigration.VerificationFailed e) {
            progress.close();
            System.out.print(e.report().format());
            throw new CommandFailedException(e.getMessage());
        } catch (PasswordRequiredException e) {
            throw e;
        } catch (MigrationException e) {
            throw new CommandFailedException(e.getMessage());
        } finally {
            progress.close();
        }
    }

    /** The terminal progress bar, made once the snapshot says how many rows there are. */
    private static final class Progress implements StoreMigration.Listener {
        private ProgressBar bar;

        @Override
        public void snapshotTaken(long rows) {
            bar = new ProgressBarBuilder().setTaskName("Copying").setInitialMax(rows).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" rows", 1).build();
        }

        @Override
        public void copying(String table) {
            bar.setExtraMessage(table);
        }

        @Override
        public void copied(long rows) {
            bar.stepBy(rows);
        }

        @Override
        public void verifying() {
            bar.setExtraMessage("verifying");
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
