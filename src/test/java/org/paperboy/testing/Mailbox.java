package org.paperboy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An SMTP server in the test JVM (GreenMail, on a free loopback port) and the messages it received, taken one by one
 * per recipient, as a reader opens them in order.
 */
public final class Mailbox implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(45);

    private final GreenMail greenMail;
    private final Map<String, Integer> taken = new HashMap<>();

    private Mailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static Mailbox start() {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new Mailbox(greenMail);
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /**
     * Waits for the next message to {@code recipient} not taken yet, and takes it: up to 45 s, longer than the
     * outbox job's period (30 s), for mail queued while a run of it was ending, which waits for the next run.
     */
    public synchronized ReceivedMail next(String recipient) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int index = taken.getOrDefault(recipient, 0);
        List<MimeMessage> received;
        while ((received = receivedBy(recipient)).size() <= index) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no message " + (index + 1) + " to " + recipient + " within " + WAIT
                        + "; received " + received.size());
            }
            sleep();
        }
        taken.put(recipient, index + 1);
        return ReceivedMail.of(received.get(index));
    }

    /** Asserts that nothing arrived for {@code recipient} beyond what was taken. */
    public synchronized void assertNothingMoreFor(String recipient) {
        assertThat(receivedBy(recipient)).as("messages to " + recipient).hasSize(taken.getOrDefault(recipient, 0));
    }

    private List<MimeMessage> receivedBy(String recipient) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> addressedTo(m, recipient)).toList();
    }

    private static boolean addressedTo(MimeMessage message, String recipient) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for mail", e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
