package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.digest.DigestFixture;
import org.paperboy.storage.Database;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole digest run, {@code paperboy mail send-digests --date D} (it queues the day's digests, then delivers them),
 * in a JVM of its own for a few hundred confirmed subscribers, killed with SIGKILL at random moments: while the JVM
 * starts, while it queues, while it sends; after each kill the dead run's claims run out (see {@link KilledSender}).
 * A last run goes to its end. Every subscriber's digest must have been queued once and have arrived exactly once
 * (by recipient, and by recipient and Message-ID), except a row left 'unconfirmed', which arrived at most once.
 * Trials: 20, or {@code paperboy.mail.killTrials}; the seed is logged, and {@code paperboy.mail.killSeed} repeats
 * a run.
 */
class DigestRunKillTest {

    private static final Logger log = LoggerFactory.getLogger(DigestRunKillTest.class);

    private static final int SUBSCRIBERS = 300;
    private static final long KILL_WHILE_QUEUING_WITHIN_MILLIS = 120;
    private static final long KILL_WHILE_SENDING_WITHIN_MILLIS = 700;
    private static final List<Preferences> PREFERENCES = List.of(Preferences.of(Frequency.DAILY, true, ""),
            Preferences.of(Frequency.DAILY, false, "cs.CL"), Preferences.of(Frequency.DAILY, true, "cs.LG cs.CV"));

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyDueDigestArrivesOnceHoweverTheRunIsKilled() throws Exception {
        int trials = Integer.getInteger("paperboy.mail.killTrials", 20);
        long seed = Long.getLong("paperboy.mail.killSeed", System.nanoTime());
        Random random = new Random(seed);
        Path dataDir = tmp.resolve("data");
        Set<String> subscribers = subscribe(dataDir);
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        List<String> killedAt = new ArrayList<>();
        int killedWhileQueuing = 0;
        int killedWhileSending = 0;
        try (Database database = Database.open("jdbc:sqlite:" + dataDir.resolve("paperboy.db"), null, null)) {
            KilledSender sender = new KilledSender(tmp, dataDir, greenMail, Map.of(
                    "PAPERBOY_HTTP_PUBLIC_URL", "https://papers.example.org", "PAPERBOY_EMBEDDING_PROVIDER", "none"));
            String[] sendDigests = {"mail", "send-digests", "--date", DigestFixture.DAY.toString()};
            for (int trial = 0; trial < trials; trial++) {
                long queuedBefore = queued(database);
                int receivedBefore = sender.received();
                Path output = tmp.resolve("send-digests-" + trial + ".log");
                Process child = sender.start(output, sendDigests);
                // one kill in ten while the JVM starts; the others while it queues until all is queued, then while it
                // sends. A late kill "while it starts" can find everything queued, so none is drawn before a kill has
                // left the queuing half done: the first runs are the only ones that find it unfinished.
                boolean queuingCovered = killedWhileQueuing > 0 || queuedBefore == SUBSCRIBERS;
                String moment = queuingCovered && random.nextInt(10) == 0 ? "start"
                        : queuedBefore < SUBSCRIBERS ? "queuing" : "sending";
                if (moment.equals("queuing")) {
                    KilledSender.awaitWhileAlive(child, () -> queued(database) > queuedBefore);
                } else if (moment.equals("sending")) {
                    KilledSender.awaitWhileAlive(child, () -> sender.received() > receivedBefore);
                }
                long delay = random.nextLong(switch (moment) {
                    case "start" -> 1_500;
                    // Queuing all 300 can take less than the longest delay, and only the first trials find it
                    // unfinished: until one kill has left it half done, kill as soon as the first digest is queued.
                    case "queuing" -> killedWhileQueuing == 0 ? 1 : KILL_WHILE_QUEUING_WITHIN_MILLIS;
                    default -> KILL_WHILE_SENDING_WITHIN_MILLIS;
                });
                Thread.sleep(delay);
                boolean finished = !child.isAlive();
                KilledSender.kill(child);
                long queuedAfter = queued(database);
                killedWhileQueuing += queuedAfter > queuedBefore && queuedAfter < SUBSCRIBERS ? 1 : 0;
                killedWhileSending += sender.received() > receivedBefore && !finished ? 1 : 0;
                killedAt.add(moment + " +" + delay + " ms: " + queuedAfter + " queued, "
                        + (sender.received() - receivedBefore) + " arrived"
                        + (finished ? " (done: " + Files.readString(output).strip() + ")" : ""));
                KilledSender.leasesRunOut(database);
            }
            Path lastOutput = tmp.resolve("send-digests-last.log");
            Process last = sender.start(lastOutput, sendDigests);
            assertThat(last.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String lastRun = Files.readString(lastOutput).strip();
            log.info("seed {}: killed at {}; the last run: {}", seed, killedAt, lastRun);
            assertThat(last.exitValue()).as(lastRun).isZero();
            assertThat(lastRun).contains(" 0 failed");
            assertThat(killedWhileQueuing).as("kills that left the queuing half done (seed %d): %s", seed, killedAt).isPositive();
            assertThat(killedWhileSending).as("kills in the middle of the sending (seed %d)", seed).isPositive();
            check(database, sender, subscribers, seed);
        } finally {
            greenMail.stop();
        }
    }

    /** One digest row per subscriber, each arrived once but those left 'unconfirmed' (at most once). */
    private static void check(Database database, KilledSender sender, Set<String> subscribers, long seed) {
        KilledSender.Outcome outcome = sender.checkExactlyOnce(database, seed);
        Map<String, String> rows = KilledSender.statuses(database);
        Set<String> recipients = new HashSet<>();
        Set<String> unconfirmed = new HashSet<>();
        for (var row : rows.entrySet()) {
            String recipient = row.getKey().split(" ")[0];
            assertThat(recipients.add(recipient)).as("one digest for %s (seed %d)", recipient, seed).isTrue();
            if (row.getValue().equals("unconfirmed")) {
                unconfirmed.add(recipient);
            }
        }
        assertThat(recipients).isEqualTo(subscribers);
        Map<String, Long> arrived = sender.arrivedByRecipient();
        for (String subscriber : subscribers) {
            long copies = arrived.getOrDefault(subscriber, 0L);
            if (unconfirmed.contains(subscriber)) {
                assertThat(copies).as("unconfirmed %s (seed %d)", subscriber, seed).isLessThanOrEqualTo(1);
            } else {
                assertThat(copies).as("%s (seed %d)", subscriber, seed).isEqualTo(1);
            }
        }
        log.info("{} subscribers: {}", subscribers.size(), outcome.line());
    }

    /** The day's papers and pick (DigestFixture), and confirmed subscribers whose digests of the day are not empty. */
    private static Set<String> subscribe(Path dataDir) {
        Set<String> addresses = new HashSet<>();
        try (Paperboy paperboy = Paperboy.open(Settings.defaults().with(Key.DATA_DIR, dataDir.toString())
                .with(Key.EMBEDDING_PROVIDER, "none"))) {
            long member = DigestFixture.load(paperboy);
            for (int i = 0; i < SUBSCRIBERS; i++) {
                String address = "reader" + i + "@example.org";
                paperboy.subscriptions().subscribeVerified(address, PREFERENCES.get(i % PREFERENCES.size()), member);
                addresses.add(address);
            }
        }
        return addresses;
    }

    private static long queued(Database database) {
        return KilledSender.count(database, "kind LIKE 'digest-%'");
    }
}
