package org.paperboy.mail;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;

/** Sends mail through the configured SMTP server, one connection a message; signed with DKIM if configured. */
public final class MailSender {

    private final Settings settings;
    private final Session session;
    private final InternetAddress from;
    private final java.util.Optional<DkimSigning> dkim;

    /** @throws org.paperboy.config.ConfigurationException when the DKIM key cannot be read */
    public MailSender(Settings settings) {
        if (!settings.mailEnabled()) {
            throw new IllegalStateException("mail is off: mail.smtp.host is not set");
        }
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        this.from = address(settings.get(Key.MAIL_FROM));
        this.dkim = DkimSigning.of(settings);
    }

    /** Where mail goes, for people: {@code smtp.example.org:587 (starttls)}. */
    public String server() {
        return settings.get(Key.MAIL_SMTP_HOST) + ":" + settings.get(Key.MAIL_SMTP_PORT) + " ("
                + settings.get(Key.MAIL_SMTP_TLS) + ")";
    }

    /**
     * Sends one message and returns its Message-ID once the server has accepted it.
     *
     * @throws MailException when the server did not accept it, saying whether trying again later may help
     */
    public String send(MailMessage message) throws MailException {
        return send(message, () -> { });
    }

    /**
     * As {@link #send(MailMessage)}, calling {@code beforeEndOfData} once the whole message has been written to the
     * server and before the end of its data (the line "." that asks the server to take it) is sent. Until then the
     * server keeps nothing: a connection lost before it discards the message. Once it is sent, the server may have
     * taken the message even if its reply never comes back. An exception thrown by {@code beforeEndOfData} closes the
     * connection without ending the data, so that nothing is sent, and is thrown from here as it is.
     *
     * <p>Angus Mail's {@code SMTPTransport.sendMessage} writes the message with {@code writeTo(stream, ignoreList)},
     * then calls {@code finishData()} (or {@code finishBdat()}), which sends the end of data and reads the reply.
     */
    public String send(MailMessage message, Runnable beforeEndOfData) throws MailException {
        MimeMessage mime;
        try {
            mime = mime(message, beforeEndOfData);
        } catch (MessagingException e) {
            throw new MailException("cannot write the message: " + e.getMessage(), false, 0, "the recipient's address", e);
        }
        SMTPTransport transport = null;
        try {
            transport = (SMTPTransport) session.getTransport("smtp");
            String user = settings.get(Key.MAIL_SMTP_USER);
            transport.connect(settings.get(Key.MAIL_SMTP_HOST), Integer.parseInt(settings.get(Key.MAIL_SMTP_PORT)),
                    user.isEmpty() ? null : user, user.isEmpty() ? null : settings.get(Key.MAIL_SMTP_PASSWORD));
            transport.sendMessage(mime, mime.getAllRecipients());
            return mime.getMessageID();
        } catch (MessagingException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Stopped stopped) {
                    throw stopped.reason;
                }
            }
            throw SmtpFailures.classify(e, transport, server());
        } finally {
            closeQuietly(transport);
        }
    }

    private MimeMessage mime(MailMessage message, Runnable beforeEndOfData) throws MessagingException {
        String messageId = message.messageId() != null ? message.messageId()
                : "<" + UUID.randomUUID() + "@" + from.getAddress().substring(from.getAddress().indexOf('@') + 1) + ">";
        if (dkim.isEmpty()) {
            return build(new Outgoing(session, messageId, beforeEndOfData), message);
        }
        MimeMessage content = build(new Outgoing(session, messageId, () -> { }), message);
        return new SignedOutgoing(content, dkim.get().signer(), messageId, beforeEndOfData);
    }

    private MimeMessage build(MimeMessage mime, MailMessage message) throws MessagingException {
        mime.setFrom(from);
        String replyTo = settings.get(Key.MAIL_REPLY_TO);
        if (!replyTo.isBlank()) {
            mime.setReplyTo(new Address[] {address(replyTo)});
        }
        mime.setRecipient(Message.RecipientType.TO, recipient(message.to()));
        mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
        mime.setSentDate(new Date());
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part(message.text(), "plain")); // the last part is the one preferred
        alternative.addBodyPart(part(message.html(), "html"));
        mime.setContent(alternative);
        for (var header : message.headers().entrySet()) {
            mime.setHeader(header.getKey(), header.getValue());
        }
        mime.saveChanges();
        return mime;
    }

    /** UTF-8 in quoted-printable: readable in the raw message, and safe for long lines and any mail server. */
    private static MimeBodyPart part(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, StandardCharsets.UTF_8.name(), subtype);
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return part;
    }

    private static InternetAddress recipient(String to) throws MessagingException {
        InternetAddress[] parsed = InternetAddress.parse(to, true);
        if (parsed.length != 1) {
            throw new MessagingException("'" + to + "' is not one address");
        }
        return parsed[0];
    }

    /** An address {@link Settings} checked. */
    private static InternetAddress address(String text) {
        try {
            return InternetAddress.parse(text.strip(), true)[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Jakarta Mail session's properties, for a tool that must send as this sender does (a benchmark's reference). */
    public static Properties sessionProperties(Settings settings) {
        return properties(settings);
    }

    static Properties properties(Settings settings) {
        String timeoutMillis = String.valueOf(settings.integer(Key.MAIL_TIMEOUT) * 1000L);
        String tls = settings.get(Key.MAIL_SMTP_TLS);
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", timeoutMillis);
        properties.setProperty("mail.smtp.timeout", timeoutMillis);
        properties.setProperty("mail.smtp.writetimeout", timeoutMillis);
        properties.setProperty("mail.smtp.auth", String.valueOf(!settings.get(Key.MAIL_SMTP_USER).isEmpty()));
        // never fall back to clear text when the server does not offer STARTTLS
        properties.setProperty("mail.smtp.starttls.enable", String.valueOf(tls.equals("starttls")));
        properties.setProperty("mail.smtp.starttls.required", String.valueOf(tls.equals("starttls")));
        properties.setProperty("mail.smtp.ssl.enable", String.valueOf(tls.equals("tls")));
        properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        properties.setProperty("mail.smtp.from", address(settings.get(Key.MAIL_FROM)).getAddress());
        // Once the server has taken the message, its answer to QUIT changes nothing: the sender need not wait for it.
        properties.setProperty("mail.smtp.quitwait", "false");
        if (!tls.equals("tls")) { // implicit TLS makes its sockets with the SSL factory; this one's would be clear text
            properties.put("mail.smtp.socketFactory", new NoDelaySocketFactory());
        }
        return properties;
    }

    /** A message with the Message-ID it was given; the transport's writeTo ends with {@code beforeEndOfData}. */
    private static final class Outgoing extends MimeMessage {
        private final String messageId;
        private final Runnable beforeEndOfData;

        Outgoing(Session session, String messageId, Runnable beforeEndOfData) {
            super(session);
            this.messageId = messageId;
            this.beforeEndOfData = beforeEndOfData;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        /** The transport's call: the end of data follows when this returns. */
        @Override
        public void writeTo(java.io.OutputStream out, String[] ignoreList) throws java.io.IOException, MessagingException {
            super.writeTo(out, ignoreList);
            endOfDataNext(beforeEndOfData);
        }
    }

    /** As {@link Outgoing}, signed with DKIM as it is written. */
    private static final class SignedOutgoing extends DkimMessage {
        private final String messageId;
        private final Runnable beforeEndOfData;

        SignedOutgoing(MimeMessage content, DkimSigner signer, String messageId, Runnable beforeEndOfData)
                throws MessagingException {
            super(content, signer);
            this.messageId = messageId;
            this.beforeEndOfData = beforeEndOfData;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        @Override
        public void writeTo(java.io.OutputStream out, String[] ignoreList) throws java.io.IOException, MessagingException {
            super.writeTo(out, ignoreList);
            endOfDataNext(beforeEndOfData);
        }
    }

    private static void endOfDataNext(Runnable beforeEndOfData) throws Stopped {
        try {
            beforeEndOfData.run();
        } catch (RuntimeException e) {
            // an IOException makes the transport drop the connection at once, without a QUIT mid-data
            throw new Stopped(e);
        }
    }

    /** What {@code beforeEndOfData} threw, carried through the transport. */
    private static final class Stopped extends java.io.IOException {
        private final RuntimeException reason;

        Stopped(RuntimeException reason) {
            super(reason.getMessage(), reason);
            this.reason = reason;
        }
    }

    private static void closeQuietly(SMTPTransport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // the message was sent or has failed already; the connection is gone either way
            }
        }
    }
}
