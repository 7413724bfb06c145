package org.paperboy.mail;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.paperboy.storage.Database;

/**
 * Mail to send, kept in the store until it is sent. Everything Paperboy mails is queued here first, in the same
 * transaction as what caused it where there is one, so that a message is never lost between a request and the SMTP
 * server; a sender then delivers what is due. One message per (recipient, kind, period): queuing it twice queues it once.
 */
public final class Outbox {

    private final Database database;
    private final Clock clock;
    private final String messageIdDomain;
    private final Runnable wakeDelivery;

    /** @param messageIdDomain the right-hand side of the Message-IDs: the domain of {@code mail.from} */
    public Outbox(Database database, Clock clock, String messageIdDomain) {
        this(database, clock, messageIdDomain, () -> { });
    }

    /** @param wakeDelivery asks the delivery to run now, so that queued mail need not wait for its next run */
    public Outbox(Database database, Clock clock, String messageIdDomain, Runnable wakeDelivery) {
        this.database = database;
        this.clock = clock;
        this.messageIdDomain = messageIdDomain;
        this.wakeDelivery = wakeDelivery;
    }

    /**
     * Queues a message for (its recipient, {@code kind}, {@code period}), due now.
     *
     * @return false, queuing nothing, when a message for the same recipient, kind and period is queued or sent already
     */
    public boolean enqueue(String kind, String period, MailMessage message) {
        boolean queued = database.inTransaction(c -> enqueue(c, kind, period, message));
        if (queued) {
            wakeDelivery();
        }
        return queued;
    }

    /**
     * Asks the delivery to send what is due now (the scheduled job {@code mail-outbox}, when this process runs it);
     * after {@link #enqueue(java.sql.Connection, String, String, MailMessage)}, call it once the transaction is
     * committed, else the message waits for the job's next run (at most 30 seconds).
     */
    public void wakeDelivery() {
        wakeDelivery.run();
    }

    /** As {@link #enqueue(String, String, MailMessage)}, in the caller's transaction; see {@link #wakeDelivery()}. */
    public boolean enqueue(java.sql.Connection c, String kind, String period, MailMessage message)
            throws java.sql.SQLException {
        String recipient = message.to().strip().toLowerCase(Locale.ROOT);
        long now = clock.millis();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (recipient, kind, period, message_id, subject, "
                + "text_body, html_body, headers, next_attempt_at, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (recipient, kind, period) DO NOTHING")) {
            s.setString(1, recipient);
            s.setString(2, kind);
            s.setString(3, period);
            s.setString(4, messageId(recipient, kind, period));
            s.setString(5, message.subject());
            s.setString(6, message.text());
            s.setString(7, message.html());
            s.setString(8, headerLines(message.headers()));
            s.setLong(9, now);
            s.setLong(10, now);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * The same id for the same (recipient, kind, period), whoever queues it; a hash, so that the id shows neither the
     * address nor how many messages the site sends.
     */
    String messageId(String recipient, String kind, String period) {
        String key = recipient + "\n" + kind + "\n" + period;
        return "<" + kind + "." + org.paperboy.community.Secrets.sha256(key).substring(0, 32) + "@" + messageIdDomain + ">";
    }

    static String headerLines(Map<String, String> headers) {
        StringBuilder lines = new StringBuilder();
        headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append('\n'));
        return lines.toString();
    }

    static Map<String, String> parseHeaderLines(String lines) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return headers;
    }
}
