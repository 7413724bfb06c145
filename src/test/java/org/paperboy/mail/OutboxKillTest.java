package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
            KilledSender sender = new KilledSender(tmp, dataDir, greenMail, Map.of());
            Outbox outbox = new Outbox(database, Clock.systemUTC(), "papers.example.org");
            for (int i = 0; i < MESSAGES; i++) {
                outbox.enqueue("digest", "2026-11-30", new MailMessage("reader" + i + "@example.org",
                        "Papers for reader " + i, "text " + i, "<p>html " + i + "</p>"));
            }
            for (int trial = 0; trial < trials && KilledSender.count(database, "status IN ('due', 'sending')") > 0;
                    trial++) {
                int before = sender.received();
                Path output = tmp.resolve("deliver-" + trial + ".log");
                Process child = sender.start(output, "mail", "deliver");
                // one kill in ten while the JVM starts, the others while it sends
                boolean whileStarting = random.nextInt(10) == 0;
                if (!whileStarting) {
                    KilledSender.awaitWhileAlive(child, () -> sender.received() > before);
                }
                long delay = random.nextLong(whileStarting ? 1_500 : KILL_WITHIN_MILLIS);
                Thread.sleep(delay);
                boolean finished = !child.isAlive();
                KilledSender.kill(child);
                killedAt.add((whileStarting ? "start" : "first send") + " +" + delay + " ms"
                        + (finished ? " (done: " + Files.readString(output).strip() + ")" : ""));
                KilledSender.leasesRunOut(database);
            }
            DeliveryReport last = sender.deliverTheRest(database);
            log.info("seed {}: killed at {}; the last run: {}", seed, killedAt, last.summary());
            KilledSender.Outcome outcome = sender.checkExactlyOnce(database, seed);
            assertThat(outcome.rows()).isEqualTo(MESSAGES);
            log.info(outcome.line());
        } finally {
            greenMail.stop();
        }
    }
}
