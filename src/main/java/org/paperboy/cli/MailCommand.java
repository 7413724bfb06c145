package org.paperboy.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.paperboy.config.Settings;
import org.paperboy.mail.MailException;
import org.paperboy.mail.MailMessage;
import org.paperboy.mail.MailSender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "mail", mixinStandardHelpOptions = true, description = "Checks the mail settings; queues digests.",
        subcommands = {MailCommand.Test.class, DigestCommands.SendDigests.class, DigestCommands.Preview.class})
final class MailCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Sends a short test message through the configured SMTP server.")
    static final class Test implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "Where to send it.")
        String to;

        @Override
        public Integer call() {
            Settings settings = config.resolve(Map.of());
            if (!settings.mailEnabled()) {
                throw new CommandFailedException("mail is off: set mail.smtp.host (PAPERBOY_MAIL_SMTP_HOST) and "
                        + "mail.from (PAPERBOY_MAIL_FROM)");
            }
            MailSender sender = new MailSender(settings);
            try {
                sender.send(new MailMessage(to, "Paperboy test message",
                        "This message was sent by 'paperboy mail test': Paperboy can send mail through "
                                + sender.server() + ".\n",
                        "<p>This message was sent by <code>paperboy mail test</code>: Paperboy can send mail through "
                                + sender.server() + ".</p>\n"));
            } catch (MailException e) {
                throw new CommandFailedException("not sent: " + e.getMessage() + " (check " + e.whatToCheck() + ")");
            }
            System.out.printf("sent to %s via %s%n", to, sender.server());
            return 0;
        }
    }
}
