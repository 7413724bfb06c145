package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.nio.file.Files;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code paperboy mail deliver} in a JVM of its own, sending a few hundred queued messages to GreenMail in this JVM,
 * killed with SIGKILL at random moments, trial after trial on the same store; after each kill the dead run's claims
 * are left to run out (their lease is moved into the past, as time would), so that the next run resumes them. A last
 * run completes the delivery. Every message must have arrived exactly once (by recipient and Message-ID), except one
 * left 'unconfirmed' (killed between the end of its data and the record of the reply), which arrived at most once.
 * Trials: 20, or the system property {@code paperboy.mail.killTrials}; the seed is logged, and
 * {@code paperboy.mail.killSeed} repeats a run.
 */
class OutboxKillTest {

    private static final Logger log = LoggerFactory.getLogger(OutboxKillTest.class);

    private static final int MESSAGES = 300;
    private static final long KILL_WITHIN_MILLIS = 700;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyMessageArrivesOnceHoweverTheSenderIsKilled() throws Exception {
        int trials = Integer.getInteger("paperboy.mail.killTrials", 20);
        long seed = Long.getLong("paperboy.mail.killSeed", System.nanoTime());
        Random random = new Random(seed);
        Path dataDir = tmp.resolve("data");
        String url = "jdbc:sqlite:" + dataDir.resolve("paperboy.db");
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        List<String> killedAt = new ArrayList<>();
        try (Database database = Database.open(url, null, null)) {
            Outbox outbox = new Outbox(database, Clock.systemUTC(), "papers.example.org");
            for (int i = 0; i < MESSAGES; i++) {
                outbox.enqueue("digest", "2026-11-30", new MailMessage("reader" + i + "@example.org",
                        "Papers for reader " + i, "text " + i, "<p>html " + i + "</p>"));
            }
            for (int trial = 0; trial < trials && count(database, "status IN ('due', 'sending')") > 0; trial++) {
                int before = greenMail.getReceivedMessages().length;
                Path output = tmp.resolve("deliver-" + trial + ".log");
                Process child = startDeliver(dataDir, greenMail.getSmtp().getPort(), output);
                // one kill in ten while the JVM starts, the others while it sends
                boolean whileStarting = random.nextInt(10) == 0;
                while (!whileStarting && greenMail.getReceivedMessages().length == before && child.isAlive()) {
                    Thread.sleep(1);
                }
                long delay = random.nextLong(whileStarting ? 1_500 : KILL_WITHIN_MILLIS);
                Thread.sleep(delay);
                boolean finished = !child.isAlive();
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                killedAt.add((whileStarting ? "start" : "first send") + " +" + delay + " ms"
                        + (finished ? " (done: " + Files.readString(output).strip() + ")" : ""));
                leasesRunOut(database);
            }
            DeliveryReport last = new OutboxDelivery(database, new MailSender(MailSenderTest.settings(
                    greenMail.getSmtp().getPort(), Map.of())), Clock.systemUTC(), Duration.ofMinutes(1))
                    .deliverDue(() -> false, report -> { });
            log.info("seed {}: killed at {}; the last run: {}", seed, killedAt, last.summary());
            check(database, greenMail, seed);
        } finally {
            greenMail.stop();
        }
    }

    private void check(Database database, GreenMail greenMail, long seed) throws Exception {
        Map<String, Long> arrived = Arrays.stream(greenMail.getReceivedMessages())
                .collect(Collectors.groupingBy(OutboxKillTest::recipientAndId, Collectors.counting()));
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
        assertThat(statuses).hasSize(MESSAGES);
        assertThat(arrived.keySet()).as("nothing else arrived").isSubsetOf(statuses.keySet());
        long unconfirmed = statuses.values().stream().filter("unconfirmed"::equals).count();
        log.info("{} messages sent once; {} unconfirmed, of which {} arrived", MESSAGES - unconfirmed, unconfirmed,
                unconfirmedArrived);
    }

    /** What a dead run leaves claimed is taken over once its lease has run out: as if that time had passed. */
    private static void leasesRunOut(Database database) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE outbox SET claimed_until = 0 WHERE status = 'sending'")) {
                return s.executeUpdate();
            }
        });
    }

    private Process startDeliver(Path dataDir, int smtpPort, Path output) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-Dpaperboy.tty=false",
                "-cp", System.getProperty("java.class.path"), "org.paperboy.cli.PaperboyCommand",
                "mail", "deliver", "--data-dir", dataDir.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("PAPERBOY_"));
        builder.environment().putAll(Map.of("PAPERBOY_MAIL_SMTP_HOST", "127.0.0.1",
                "PAPERBOY_MAIL_SMTP_PORT", String.valueOf(smtpPort), "PAPERBOY_MAIL_SMTP_TLS", "none",
                "PAPERBOY_MAIL_FROM", "papers@example.org"));
        builder.directory(tmp.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(output.toFile());
        return builder.start();
    }

    private static String recipientAndId(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString() + " " + message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** Each row's status, by "recipient Message-ID". */
    private static Map<String, String> statuses(Database database) {
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

    private static long count(Database database, String where) {
        return database.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM outbox WHERE " + where)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
