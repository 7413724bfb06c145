package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.paperboy.storage.Database;

/**
 * What the kill tests share: a {@code paperboy mail ...} command in a JVM of its own, sending to GreenMail in the
 * test's JVM (its settings from {@code PAPERBOY_*} environment variables, none inherited), killed with SIGKILL; the
 * dead run's leases made to run out; a last uninterrupted delivery; and the exactly-once check over the whole outbox.
 */
final class KilledSender {

    /** What the check found: rows sent once, and rows left 'unconfirmed' with how many of those arrived. */
    record Outcome(int rows, long unconfirmed, int unconfirmedArrived) {
        String line() {
            return (rows - unconfirmed) + " messages sent once; " + unconfirmed + " unconfirmed, of which "
                    + unconfirmedArrived + " arrived";
        }
    }

    private final Path workDir;
    private final Path dataDir;
    private final GreenMail greenMail;
    private final Map<String, String> environment;

    /** @param environment settings beyond the SMTP ones, as {@code PAPERBOY_*} variables */
    KilledSender(Path workDir, Path dataDir, GreenMail greenMail, Map<String, String> environment) {
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.greenMail = greenMail;
        this.environment = environment;
    }

    /** Starts {@code paperboy ARGS --data-dir DATA_DIR}, its output (stdout and stderr) in {@code output}. */
    Process start(Path output, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-Dpaperboy.tty=false",
                "-cp", System.getProperty("java.class.path"), "org.paperboy.cli.PaperboyCommand"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PAPERBOY_"));
        builder.environment().putAll(Map.of("PAPERBOY_MAIL_SMTP_HOST", "127.0.0.1",
                "PAPERBOY_MAIL_SMTP_PORT", String.valueOf(greenMail.getSmtp().getPort()),
                "PAPERBOY_MAIL_SMTP_TLS", "none", "PAPERBOY_MAIL_FROM", "papers@example.org"));
        builder.environment().putAll(environment);
        builder.directory(workDir.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(output.toFile());
        return builder.start();
    }

    /** SIGKILL; returns once the process is gone. */
    static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Waits (polling) until {@code condition} holds or the child has exited. */
    static void awaitWhileAlive(Process child, BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean() && child.isAlive()) {
            Thread.sleep(1);
        }
    }

    int received() {
        return greenMail.getReceivedMessages().length;
    }

    /** What a dead run leaves claimed is taken over once its lease has run out: as if that time had passed. */
    static void leasesRunOut(Database database) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE outbox SET claimed_until = 0 WHERE status = 'sending'")) {
                return s.executeUpdate();
            }
        });
    }

    /** Delivers, in this JVM and to the end, what the killed runs left. */
    DeliveryReport deliverTheRest(Database database) {
        return new OutboxDelivery(database, new MailSender(MailSenderTest.settings(greenMail.getSmtp().getPort(),
                Map.of())), Clock.systemUTC(), Duration.ofMinutes(1)).deliverDue(() -> false, report -> { });
    }

    /**
     * Every outbox row arrived exactly once (by recipient and Message-ID) and is 'sent', except rows left
     * 'unconfirmed' (killed between the end of the data and the record of the reply), which arrived at most once;
     * nothing else arrived.
     */
    Outcome checkExactlyOnce(Database database, long seed) {
        Map<String, Long> arrived = Arrays.stream(greenMail.getReceivedMessages())
                .collect(Collectors.groupingBy(KilledSender::recipientAndId, Collectors.counting()));
        Map<String, String> statuses = statuses(database);
        int unconfirmedArrived = 0;
        for (var row : statuses.entrySet()) {
            long copies = arrived.getOrDefault(row.getKey(), 0L);
            if (row.getValue().equals("unconfirmed")) {
                assertThat(copies).as("unconfirmed %s (seed %d)", row.getKey(), seed).isLessThanOrEqualTo(1);
                unconfirmedArrived += (int) copies;
            } else {
                assertThat(row.getValue()).as("%s (seed %d)", row.getKey(), seed).isEqualTo("sent");
                assertThat(copies).as("sent %s (seed %d)", row.getKey(), seed).isEqualTo(1);
            }
        }
        assertThat(arrived.keySet()).as("nothing else arrived (seed %d)", seed).isSubsetOf(statuses.keySet());
        long unconfirmed = statuses.values().stream().filter("unconfirmed"::equals).count();
        return new Outcome(statuses.size(), unconfirmed, unconfirmedArrived);
    }

    /** How many messages arrived for each recipient. */
    Map<String, Long> arrivedByRecipient() {
        return Arrays.stream(greenMail.getReceivedMessages())
                .collect(Collectors.groupingBy(m -> recipientAndId(m).split(" ")[0], Collectors.counting()));
    }

    private static String recipientAndId(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString() + " " + message.getMessageID();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** Each row's status, by "recipient Message-ID". */
    static Map<String, String> statuses(Database database) {
        return database.read(c -> {
            Map<String, String> statuses = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT recipient, message_id, status FROM outbox");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
                }
            }
            return statuses;
        });
    }

    static long count(Database database, String where) {
        return database.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM outbox WHERE " + where)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
