package org.paperboy.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import org.paperboy.app.Logging;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings;
import org.paperboy.storage.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code paperboy}: the command line. Each subcommand is a class of its own in this package. */
@Command(name = "paperboy",
        mixinStandardHelpOptions = true,
        versionProvider = PaperboyCommand.Version.class,
        description = "A self-hostable research-paper discovery service.",
        subcommands = {DemoCommand.class, ServeCommand.class, AotTrainCommand.class, ImportCommand.class, HarvestCommand.class, FetchCommand.class, ExportCommand.class, EmbedCommand.class, SearchCommand.class, ReindexCommand.class, BackupCommand.class, RestoreCommand.class, MigrateCommand.class, BenchCommand.class, KnownItemBenchCommand.class, EmbeddingBenchCommand.class, AlertsBenchCommand.class, DigestBenchCommand.class, EvalCommand.class, AdminCommand.class, MailCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nSettings (file property / environment variable, default):%n",
        footer = "%s",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command failed (the reason is printed)", "2:invalid command-line usage"})
public final class PaperboyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; failures print one line saying why. */
    public static int execute(String... args) {
        Logging.configure(false, Level.WARN);
        CommandLine commandLine = new CommandLine(new PaperboyCommand());
        commandLine.getCommandSpec().usageMessage().footer(settingsHelp());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof ConfigurationException || e instanceof StorageException || e instanceof CommandFailedException
                    || e instanceof java.io.IOException) {
                err.println("paperboy: " + e.getMessage());
            } else {
                err.println("paperboy: unexpected error: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return commandLine.execute(args);
    }

    private static String settingsHelp() {
        StringBuilder help = new StringBuilder();
        for (Settings.Key key : Settings.Key.values()) {
            help.append(String.format("  %-18s %-27s %s%n      %s%n", key.property, key.environmentVariable(),
                    key.defaultValue.isEmpty() ? "(empty)" : key.defaultValue, key.description));
        }
        return help.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PaperboyCommand.class.getPackage().getImplementationVersion();
            return new String[] {"paperboy " + (version == null ? "development build" : version),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
