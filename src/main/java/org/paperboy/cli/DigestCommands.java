package org.paperboy.cli;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.mail.MailMessage;
import org.paperboy.mail.digest.DigestPeriod;
import org.paperboy.mail.digest.DigestRun;
import org.paperboy.subscription.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code paperboy mail send-digests} and {@code paperboy mail preview}: the digests, from the command line. */
final class DigestCommands {

    private DigestCommands() {}

    @Command(name = "send-digests", mixinStandardHelpOptions = true,
            description = {"Queues the digests due on a day into the outbox (daily ones on an announcement day, weekly "
                    + "ones on mail.weekly-day); running it again queues nothing new.",
                    "Prints: due, queued, already queued, skipped (empty) and failed; then, with mail on, sends what "
                    + "is due in the outbox and prints what became of it (as 'mail deliver')."})
    static final class SendDigests implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The day (default: the latest day arXiv "
                + "announced papers on).")
        String date;

        @Option(names = "--dry-run", description = "Queue nothing; print what would be queued.")
        boolean dryRun;

        @Override
        public Integer call() {
            Settings settings = config.resolve(Map.of());
            try (Paperboy paperboy = Paperboy.open(settings)) {
                DigestRun run = paperboy.digestRun();
                LocalDate day = date != null ? parseDay(date) : run.latestAnnouncedDay().orElseThrow(() ->
                        new CommandFailedException("no papers have been announced yet: give the day with --date"));
                DigestRun.Summary summary = run.run(day, dryRun);
                System.out.println(summary.line());
                if (!dryRun && settings.mailEnabled()) {
                    MailCommand.deliverNow(settings, paperboy);
                }
                return summary.failed() > 0 ? 1 : 0;
            }
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Writes a subscriber's digest for a day as ADDRESS-DAY.eml and .html, to look at before it goes out.")
    static final class Preview implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "The subscriber's address.")
        String to;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The day (default: the latest announced day).")
        String date;

        @Option(names = "--out", paramLabel = "DIR", description = "Where to write the files (default: here).")
        Path out = Path.of(".");

        @Override
        public Integer call() throws IOException {
            Settings settings = config.resolve(Map.of());
            try (Paperboy paperboy = Paperboy.open(settings)) {
                Subscription subscription = paperboy.subscriptions().find(to).orElseThrow(() ->
                        new CommandFailedException("no subscription for " + to));
                DigestRun run = paperboy.digestRun();
                LocalDate day = date != null ? parseDay(date) : run.latestAnnouncedDay().orElseThrow(() ->
                        new CommandFailedException("no papers have been announced yet: give the day with --date"));
                DigestPeriod period = new DigestPeriod(subscription.frequency(), day);
                MailMessage digest = paperboy.digestBuilder().build(subscription, period).orElseThrow(() ->
                        new CommandFailedException("the " + period.key() + " digest of " + subscription.email()
                                + " is empty: it would not be sent"));
                String name = subscription.email().replaceAll("[^A-Za-z0-9@._-]", "_") + "-" + period.key();
                Files.createDirectories(out);
                Path eml = out.resolve(name + ".eml");
                Path html = out.resolve(name + ".html");
                try (OutputStream file = Files.newOutputStream(eml)) {
                    mime(digest, settings, Session.getInstance(new Properties())).writeTo(file);
                } catch (MessagingException e) {
                    throw new CommandFailedException("cannot write the message: " + e.getMessage());
                }
                Files.writeString(html, digest.html(), StandardCharsets.UTF_8);
                System.out.println(eml);
                System.out.println(html);
                return 0;
            }
        }

        /** The message as a mail program opens it; the sender is mail.from, or a stand-in where mail is off. */
        static MimeMessage mime(MailMessage message, Settings settings, Session session) throws MessagingException {
            MimeMessage mime = new MimeMessage(session);
            String from = settings.get(Settings.Key.MAIL_FROM);
            mime.setFrom(InternetAddress.parse(from.isBlank() ? "paperboy@" + settings.mailDomain() : from.strip())[0]);
            mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to()));
            mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            MimeMultipart alternative = new MimeMultipart("alternative");
            for (String[] part : new String[][] {{message.text(), "plain"}, {message.html(), "html"}}) {
                MimeBodyPart body = new MimeBodyPart();
                body.setText(part[0], StandardCharsets.UTF_8.name(), part[1]);
                alternative.addBodyPart(body);
            }
            mime.setContent(alternative);
            for (var header : message.headers().entrySet()) {
                mime.setHeader(header.getKey(), header.getValue());
            }
            mime.saveChanges();
            return mime;
        }
    }

    private static LocalDate parseDay(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new CommandFailedException("--date must be a day such as 2026-11-30, not '" + text + "'");
        }
    }
}
