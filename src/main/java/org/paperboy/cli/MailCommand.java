package org.paperboy.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.mail.DeliveryReport;
import org.paperboy.mail.MailException;
import org.paperboy.mail.MailMessage;
import org.paperboy.mail.MailSender;
import org.paperboy.mail.OutboxDelivery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "mail", mixinStandardHelpOptions = true,
        description = "Checks the mail settings; queues digests; sends queued mail.",
        subcommands = {MailCommand.Test.class, DigestCommands.SendDigests.class, DigestCommands.Preview.class,
                MailCommand.Deliver.class})
final class MailCommand implements Runnable {

    private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Mail is off: what to set. */
    private static Settings mailOn(ConfigOptions config) {
        Settings settings = config.resolve(Map.of());
        if (!settings.mailEnabled()) {
            throw new CommandFailedException("mail is off: set mail.smtp.host (PAPERBOY_MAIL_SMTP_HOST) and "
                    + "mail.from (PAPERBOY_MAIL_FROM)");
        }
        return settings;
    }

    @Command(name = "deliver", mixinStandardHelpOptions = true,
            description = "Sends the queued mail that is due now (as the server's job mail-outbox does), and says what "
                    + "became of it.")
    static final class Deliver implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() {
            Settings settings = mailOn(config);
            try (Paperboy paperboy = Paperboy.open(settings)) {
                deliverNow(settings, paperboy);
            }
            return 0;
        }
    }

    /**
     * Sends the mail due now, with a progress line every few seconds, and prints what became of it; fails when the
     * delivery stopped (the sender's own failure, or a signal) before the end.
     */
    static void deliverNow(Settings settings, Paperboy paperboy) {
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // SIGTERM, Ctrl+C: the message in flight is finished and recorded, the claims on the rest given back.
        Thread hook = new Thread(() -> {
            stopping.set(true);
            try {
                finished.await(2L * settings.integer(Settings.Key.MAIL_TIMEOUT), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mail-deliver-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        DeliveryReport report;
        try {
            OutboxDelivery delivery = OutboxDelivery.of(settings, paperboy.database());
            System.err.println("delivering the mail due now via " + new MailSender(settings).server());
            long[] lastLine = {System.nanoTime()};
            report = delivery.deliverDue(stopping::get, progress -> {
                if (System.nanoTime() - lastLine[0] > PROGRESS_INTERVAL_NANOS) {
                    lastLine[0] = System.nanoTime();
                    System.err.println("  " + progress.summary());
                }
            });
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
        System.out.println(report.summary());
        if (report.stoppedBecause() != null) {
            throw new CommandFailedException("stopped: " + report.stoppedBecause());
        }
        if (stopping.get()) {
            throw new CommandFailedException("stopped before the end; the rest is sent by the next run");
        }
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
            Settings settings = mailOn(config);
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
