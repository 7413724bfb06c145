package org.paperboy.mail;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.paperboy.config.Settings;
import org.paperboy.mail.DeliveryReport.Outcome;
import org.paperboy.mail.OutboxRows.Claimed;
import org.paperboy.storage.Database;

/**
 * Sends the {@link Outbox}'s due messages, each once. A run claims a few due rows at a time (status 'sending', with
 * its name and a lease), so that runs of several processes never send the same row; a row whose lease ran out, its run
 * dead, is claimed again.
 *
 * <p><b>Exactly once.</b> SMTP cannot tell whether a message was taken when the connection dies after the end of its
 * data (the line ".") was sent and before the reply came back. So the run records, committed, the moment the message
 * has been written and only its end of data remains ({@code data_written_at}), and sends the end of data only if that
 * record was made while the row was still its own. A row found with its lease run out:
 * <ul>
 *   <li>without the record, is sent again: its data never ended, and a server discards such a transaction;</li>
 *   <li>with it, is ambiguous: the end of data may or may not have left. The server almost surely took it (only a
 *       crash in the milliseconds between the record and the "." would have lost it), so it is not sent again but
 *       marked 'unconfirmed' (at most once, rather than likely twice). A live run whose wait for the reply to "."
 *       fails without a reply (timeout, connection lost) marks its row the same way.</li>
 * </ul>
 * A reply, even a refusal, after the end of data is no ambiguity: the message is sent, retried or failed by it.
 *
 * <p><b>Failures.</b> A transient one (SMTP 4xx, the server unreachable or slow) makes the message due again after
 * 1, 2, 4 … minutes (at most {@value #MAX_BACKOFF_MINUTES}, jittered) until it is {@link #GIVE_UP_AFTER} old, then it
 * fails; when the server itself is unavailable the run stops, the rest waiting for the next run. A permanent one (SMTP
 * 5xx to RCPT or DATA) fails the message and counts against its address ({@link MailAddresses}). A failure of the
 * sender's own (credentials, TLS, a refused sender address) stops the run, leaving the message untried: no recipient is
 * charged for it.
 */
public final class OutboxDelivery {

    static final int BATCH = 10;
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);
    static final long MAX_BACKOFF_MINUTES = 120;
    /** Replies the server gives when it cannot serve anyone: trying the next message now would fail the same way. */
    private static final int SERVICE_UNAVAILABLE = 421;

    private final Database database;
    private final MailSender sender;
    private final Clock clock;
    private final Duration lease;
    private final OutboxRows rows;
    private final MailAddresses addresses;

    /**
     * @param lease how long a claim lasts: longer than a send can take, which its timeouts bound; a run that dies
     *     holding claims delays their messages by as much
     */
    public OutboxDelivery(Database database, MailSender sender, Clock clock, Duration lease) {
        this.database = database;
        this.sender = sender;
        this.clock = clock;
        this.lease = lease;
        this.rows = new OutboxRows(database, ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8));
        this.addresses = new MailAddresses(database);
    }

    /** A delivery through the configured SMTP server; mail must be on. */
    public static OutboxDelivery of(Settings settings, Database database) {
        // a send is a connection and some ten exchanges, each bounded by mail.timeout
        Duration lease = Duration.ofSeconds(12L * settings.integer(Settings.Key.MAIL_TIMEOUT));
        return new OutboxDelivery(database, new MailSender(settings), Clock.systemUTC(), lease);
    }

    /**
     * Sends what is due now, batch after batch, until nothing is due, {@code stopping} says so (checked between
     * messages), or a failure stops the run (see {@link DeliveryReport#stoppedBecause()}).
     *
     * @param progress told the counts so far after each message
     */
    public DeliveryReport deliverDue(BooleanSupplier stopping, Consumer<DeliveryReport> progress) {
        EnumMap<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        String stoppedBecause = null;
        while (stoppedBecause == null && !stopping.getAsBoolean()) {
            long now = clock.millis();
            OutboxRows.Claim claim = rows.claim(now, now + lease.toMillis(), BATCH);
            counts.merge(Outcome.UNCONFIRMED, claim.unconfirmed(), Integer::sum);
            if (claim.rows().isEmpty() && claim.unconfirmed() == 0) {
                break;
            }
            List<Claimed> batch = claim.rows();
            for (int i = 0; i < batch.size(); i++) {
                if (stoppedBecause != null || stopping.getAsBoolean()) {
                    rows.release(batch.subList(i, batch.size()).stream().map(Claimed::id).toList());
                    break;
                }
                Attempt attempt = deliver(batch.get(i));
                if (attempt.outcome() != null) {
                    counts.merge(attempt.outcome(), 1, Integer::sum);
                }
                stoppedBecause = attempt.stopBecause();
                progress.accept(new DeliveryReport(counts, stoppedBecause));
            }
        }
        return new DeliveryReport(counts, stoppedBecause);
    }

    /** What became of one message (null: nothing, it was given back), and why the run must stop, if it must. */
    private record Attempt(Outcome outcome, String stopBecause) {
        static Attempt of(Outcome outcome) {
            return new Attempt(outcome, null);
        }
    }

    private Attempt deliver(Claimed row) {
        if (addresses.isBlocked(row.recipient())) {
            end(row, "blocked", "not sent: the address failed permanently " + MailAddresses.BLOCK_AFTER + " times");
            return Attempt.of(Outcome.BLOCKED);
        }
        if (!rows.renew(row.id(), clock.millis() + lease.toMillis())) {
            return Attempt.of(Outcome.TAKEN_OVER);
        }
        AtomicBoolean dataWritten = new AtomicBoolean();
        try {
            sender.send(row.message(), () -> {
                if (!rows.dataWritten(row.id(), clock.millis())) {
                    throw new ClaimLost();
                }
                dataWritten.set(true);
            });
        } catch (ClaimLost lost) {
            return Attempt.of(Outcome.TAKEN_OVER);
        } catch (MailException failure) {
            return failed(row, failure, dataWritten.get());
        }
        long now = clock.millis();
        database.inTransaction(c -> {
            rows.sent(c, row.id(), now);
            addresses.accepted(c, row.recipient());
            return null;
        });
        return Attempt.of(Outcome.SENT);
    }

    private Attempt failed(Claimed row, MailException failure, boolean dataWritten) {
        long now = clock.millis();
        String error = failure.getMessage();
        if (dataWritten && failure.replyCode() == 0) {
            end(row, "unconfirmed", "no answer after the whole message was sent; taken as sent: " + error);
            return Attempt.of(Outcome.UNCONFIRMED);
        }
        if (failure.isSendersFault()) {
            String reason = error + " (check " + failure.whatToCheck() + ")";
            rows.untried(row.id(), "not tried: " + reason, now);
            return new Attempt(null, reason);
        }
        if (!failure.isTransient()) {
            database.inTransaction(c -> {
                rows.end(c, row.id(), "failed", error, now);
                addresses.permanentFailure(c, row.recipient(), error, now);
                return null;
            });
            return Attempt.of(Outcome.FAILED);
        }
        if (now - row.queuedAt() >= GIVE_UP_AFTER.toMillis()) {
            end(row, "failed", "given up after " + GIVE_UP_AFTER.toDays() + " days: " + error);
            return Attempt.of(Outcome.FAILED);
        }
        rows.retryLater(row.id(), now + backoff(row.attempts() + 1).toMillis(), error, now);
        boolean serverUnavailable = failure.replyCode() == 0 || failure.replyCode() == SERVICE_UNAVAILABLE;
        return new Attempt(Outcome.RETRYING, serverUnavailable
                ? error + " (check " + failure.whatToCheck() + "); the rest waits for the next run" : null);
    }

    /** 1, 2, 4 … minutes before attempt {@code attempt} + 1, at most {@value #MAX_BACKOFF_MINUTES}, ±25 %. */
    static Duration backoff(int attempt) {
        long minutes = Math.min(1L << Math.min(attempt - 1, 30), MAX_BACKOFF_MINUTES);
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() / 2;
        return Duration.ofMillis((long) (minutes * 60_000 * jitter));
    }

    private void end(Claimed row, String status, String error) {
        long now = clock.millis();
        database.inTransaction(c -> {
            rows.end(c, row.id(), status, error, now);
            return null;
        });
    }

    /** Thrown before the end of data when the row is no longer this run's: another run took it over. */
    private static final class ClaimLost extends RuntimeException {
        ClaimLost() {
            super("the claim was taken over", null, false, false);
        }
    }
}
