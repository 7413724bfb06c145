package org.paperboy.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperboy.app.Paperboy;
import org.paperboy.community.CommunityException;
import org.paperboy.community.Passwords;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manages members from the command line.",
        subcommands = AdminCommand.Create.class)
final class AdminCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a member with the admin role (the first admin of a new installation).",
                    "The password is asked for on a terminal, or read from the first line of standard input."})
    static final class Create implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Option(names = "--username", required = true, paramLabel = "NAME", description = "Login name: a-z, 0-9, _ and -, 2-32 characters.")
        String username;

        @Option(names = "--name", paramLabel = "TEXT", description = "Display name (default: the username).")
        String displayName;

        @Option(names = "--email", paramLabel = "ADDRESS", description = "Email address, for digests and password resets.")
        String email;

        @Override
        public Integer call() throws Exception {
            if (!org.paperboy.community.Members.USERNAME.matcher(username).matches()) {
                throw new CommandFailedException("the username must be 2-32 characters of a-z, 0-9, _ and -");
            }
            String password = readPassword();
            try (Paperboy paperboy = Paperboy.open(config.resolve(Map.of()))) {
                User admin = paperboy.members().createUser(username, displayName == null ? username : displayName,
                        email, Passwords.hash(password), Role.ADMIN);
                System.out.printf("created admin '%s' (member #%d)%n", admin.username(), admin.id());
                return 0;
            } catch (CommunityException e) {
                throw new CommandFailedException(e.getMessage());
            }
        }

        private static String readPassword() throws java.io.IOException {
            if (System.console() != null) {
                char[] first = System.console().readPassword("Password: ");
                char[] again = System.console().readPassword("Again: ");
                if (first == null || !java.util.Arrays.equals(first, again)) {
                    throw new CommandFailedException("the passwords differ");
                }
                return new String(first);
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new CommandFailedException("no password on standard input");
            }
            return line;
        }
    }
}
