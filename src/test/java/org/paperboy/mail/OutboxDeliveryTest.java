package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.DeliveryReport.Outcome;
import org.paperboy.mail.SmtpStandIn.Stage;
import org.paperboy.storage.Database;

/** The outbox delivered through GreenMail and through an SMTP stand-in that fails on cue; a real SQLite store. */
class OutboxDeliveryTest {

    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path dir;
    private Database database;
    private MovableClock clock;
    private Outbox outbox;
    private GreenMail greenMail;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("store.db"), null, null);
        clock = new MovableClock(Instant.now());
        outbox = new Outbox(database, clock, "papers.example.org");
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterEach
    void close() {
        greenMail.stop();
        database.close();
    }

    private OutboxDelivery delivery(int port) {
        return new OutboxDelivery(database, new MailSender(MailSenderTest.settings(port, Map.of(Key.MAIL_TIMEOUT, "2"))),
                clock, LEASE);
    }

    private OutboxDelivery toGreenMail() {
        return delivery(greenMail.getSmtp().getPort());
    }

    private DeliveryReport deliver(OutboxDelivery delivery) {
        return delivery.deliverDue(() -> false, report -> { });
    }

    private void queue(String to, String period) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<https://papers.example.org/u/t>");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        assertThat(outbox.enqueue("digest", period, new MailMessage(to, "Papers of " + period, "text", "<p>html</p>",
                headers, null))).isTrue();
    }

    @Test
    void eachDueMessageIsSentOnceWithItsStableMessageIdAndHeaders() throws Exception {
        queue("ada@example.org", "2026-11-30");
        queue("bob@example.org", "2026-11-30");
        queue("ada@example.org", "2026-12-01");

        DeliveryReport first = deliver(toGreenMail());
        DeliveryReport second = deliver(toGreenMail());

        assertThat(first.count(Outcome.SENT)).isEqualTo(3);
        assertThat(first.summary()).isEqualTo("3 sent, 0 retrying later, 0 failed, 0 blocked, 0 unconfirmed");
        assertThat(second.total()).isZero();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(Arrays.stream(received).map(m -> header(m, "Message-ID")))
                .containsExactlyInAnyOrder(outbox.messageId("ada@example.org", "digest", "2026-11-30"),
                        outbox.messageId("bob@example.org", "digest", "2026-11-30"),
                        outbox.messageId("ada@example.org", "digest", "2026-12-01"));
        assertThat(header(received[0], "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(statuses()).containsOnly("sent");
        assertThat(longColumn("sent_at")).containsOnly(clock.millis());
    }

    @Test
    void aDeferralIsRetriedAfterABackoffAndGivenUpAfterThreeDays() throws Exception {
        queue("ada@example.org", "2026-11-30");
        try (SmtpStandIn server = SmtpStandIn.replying(Stage.DATA, "451 4.7.1 greylisted")) {
            DeliveryReport report = deliver(delivery(server.port()));

            assertThat(report.count(Outcome.RETRYING)).isEqualTo(1);
            assertThat(report.stoppedBecause()).isNull();
            assertThat(statuses()).containsExactly("due");
            assertThat(longColumn("attempts")).containsExactly(1L);
            assertThat(longColumn("next_attempt_at").getFirst() - clock.millis()).isBetween(45_000L, 75_000L);
            assertThat(deliver(delivery(server.port())).total()).as("not due yet").isZero();

            clock.advance(Duration.ofMinutes(2));
            assertThat(deliver(delivery(server.port())).count(Outcome.RETRYING)).isEqualTo(1);
            assertThat(longColumn("attempts")).containsExactly(2L);
            assertThat(longColumn("next_attempt_at").getFirst() - clock.millis()).isBetween(90_000L, 150_000L);

            clock.advance(Duration.ofDays(3));
            assertThat(deliver(delivery(server.port())).count(Outcome.FAILED)).isEqualTo(1);
        }
        assertThat(statuses()).containsExactly("failed");
        assertThat(textColumn("last_error").getFirst()).startsWith("given up after 3 days: ").contains("451 4.7.1");
        assertThat(new MailAddresses(database).isBlocked("ada@example.org")).as("not the address's fault").isFalse();
    }

    @Test
    void threePermanentFailuresBlockTheAddressAndItsLaterMailIsNotSent() throws Exception {
        for (String period : List.of("1", "2", "3", "4")) {
            queue("Gone@Example.org", period);
        }
        try (SmtpStandIn server = SmtpStandIn.replying(Stage.RCPT, "550 5.1.1 no such user")) {
            DeliveryReport report = deliver(delivery(server.port()));

            assertThat(report.count(Outcome.FAILED)).isEqualTo(3);
            assertThat(report.count(Outcome.BLOCKED)).isEqualTo(1);
            assertThat(server.commands.stream().filter(c -> c.startsWith("RCPT"))).hasSize(3);
        }
        assertThat(statuses()).containsExactly("failed", "failed", "failed", "blocked");
        assertThat(new MailAddresses(database).isBlocked(" gone@example.ORG")).isTrue();
        assertThat(new MailAddresses(database).blockedCount()).isEqualTo(1);
    }

    @Test
    void aMessageTheAddressAcceptsClearsItsCountOfPermanentFailures() throws Exception {
        queue("ada@example.org", "1");
        queue("ada@example.org", "2");
        try (SmtpStandIn server = SmtpStandIn.replying(Stage.RCPT, "550 5.2.2 mailbox full")) {
            deliver(delivery(server.port()));
        }
        queue("ada@example.org", "3");
        deliver(toGreenMail());
        queue("ada@example.org", "4");
        queue("ada@example.org", "5");
        try (SmtpStandIn server = SmtpStandIn.replying(Stage.RCPT, "550 5.2.2 mailbox full")) {
            deliver(delivery(server.port()));
        }

        assertThat(new MailAddresses(database).isBlocked("ada@example.org")).as("2 in a row, not 4").isFalse();
    }

    @Test
    void aFailureOfTheSendersOwnStopsTheRunAndChargesNoRecipient() throws Exception {
        queue("ada@example.org", "1");
        queue("bob@example.org", "1");
        try (SmtpStandIn server = SmtpStandIn.replying(Stage.MAIL, "550 5.7.1 sender not allowed")) {
            DeliveryReport report = deliver(delivery(server.port()));

            assertThat(report.total()).isZero();
            assertThat(report.stoppedBecause()).contains("550 5.7.1 sender not allowed")
                    .contains("(check mail.from and the mail server's log)");
            assertThat(server.commands.stream().filter(c -> c.startsWith("MAIL"))).hasSize(1);
        }
        assertThat(statuses()).containsExactly("due", "due");
        assertThat(longColumn("attempts")).containsExactly(0L, 0L);
        assertThat(textColumn("last_error").getFirst()).startsWith("not tried: ").contains("sender not allowed");
        assertThat(new MailAddresses(database).isBlocked("ada@example.org")).isFalse();
        assertThat(deliver(toGreenMail()).count(Outcome.SENT)).as("due at once when fixed").isEqualTo(2);
    }

    @Test
    void aServerThatIsDownDefersOneMessageAndStopsTheRun() throws Exception {
        queue("ada@example.org", "1");
        queue("bob@example.org", "1");
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        DeliveryReport report = deliver(delivery(port));

        assertThat(report.count(Outcome.RETRYING)).isEqualTo(1);
        assertThat(report.stoppedBecause()).startsWith("cannot connect to 127.0.0.1:" + port)
                .endsWith("the rest waits for the next run");
        assertThat(longColumn("attempts")).containsExactly(1L, 0L);
        assertThat(statuses()).containsExactly("due", "due");
    }

    @Test
    void noAnswerToTheEndOfDataMarksTheMessageUnconfirmedAndItIsNeverSentAgain() throws Exception {
        queue("ada@example.org", "1");
        try (SmtpStandIn server = SmtpStandIn.silentAfterData()) {
            DeliveryReport report = deliver(delivery(server.port()));

            assertThat(report.count(Outcome.UNCONFIRMED)).isEqualTo(1);
            clock.advance(Duration.ofDays(1));
            assertThat(deliver(delivery(server.port())).total()).isZero();
            assertThat(server.dataEnded).hasValue(1);
        }
        assertThat(statuses()).containsExactly("unconfirmed");
        assertThat(textColumn("last_error").getFirst()).startsWith("no answer after the whole message was sent");
        assertThat(longColumn("sent_at")).doesNotContainNull();
    }

    @Test
    void aDeadRunsRowIsSentAgainUnlessItsDataWasWritten() throws Exception {
        queue("ada@example.org", "1");
        queue("bob@example.org", "1");
        OutboxRows dead = new OutboxRows(database, "dead-run");
        List<OutboxRows.Claimed> claimed = dead.claim(clock.millis(), clock.millis() + LEASE.toMillis(), 10).rows();
        assertThat(dead.dataWritten(claimed.get(1).id(), clock.millis())).isTrue();

        assertThat(deliver(toGreenMail()).total()).as("claimed until the lease ends").isZero();
        clock.advance(LEASE.plusSeconds(1));
        DeliveryReport report = deliver(toGreenMail());

        assertThat(report.count(Outcome.SENT)).isEqualTo(1);
        assertThat(report.count(Outcome.UNCONFIRMED)).isEqualTo(1);
        assertThat(greenMail.getReceivedMessages()).extracting(m -> m.getAllRecipients()[0].toString())
                .containsExactly("ada@example.org");
        assertThat(statuses()).containsExactly("sent", "unconfirmed");
    }

    @Test
    void aRunWhoseClaimWasTakenOverCannotEndTheData() {
        queue("ada@example.org", "1");
        OutboxRows slow = new OutboxRows(database, "slow-run");
        long id = slow.claim(clock.millis(), clock.millis() + LEASE.toMillis(), 10).rows().getFirst().id();
        clock.advance(LEASE.plusSeconds(1));
        OutboxRows next = new OutboxRows(database, "next-run");

        assertThat(next.claim(clock.millis(), clock.millis() + LEASE.toMillis(), 10).rows()).hasSize(1);
        assertThat(slow.dataWritten(id, clock.millis())).isFalse();
        assertThat(slow.renew(id, clock.millis() + LEASE.toMillis())).isFalse();
        assertThat(next.dataWritten(id, clock.millis())).isTrue();
    }

    @Test
    void backoffDoublesFromAMinuteToTwoHours() {
        assertThat(OutboxDelivery.backoff(1)).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
        assertThat(OutboxDelivery.backoff(4)).isBetween(Duration.ofMinutes(6), Duration.ofMinutes(10));
        assertThat(OutboxDelivery.backoff(40)).isBetween(Duration.ofMinutes(90), Duration.ofMinutes(150));
    }

    private static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> statuses() {
        return textColumn("status");
    }

    private List<String> textColumn(String column) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM outbox ORDER BY outbox_id");
                 ResultSet rs = s.executeQuery()) {
                List<String> values = new java.util.ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        });
    }

    private List<Long> longColumn(String column) {
        return textColumn(column).stream().map(v -> v == null ? null : Long.valueOf(v)).toList();
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
