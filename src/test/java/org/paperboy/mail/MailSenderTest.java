package org.paperboy.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.SmtpStandIn.Stage;
import org.paperboy.testing.SmtpServer;

class MailSenderTest {

    @RegisterExtension
    final SmtpServer greenMail = new SmtpServer();

    static Settings settings(int port, Map<Key, String> more) {
        Settings settings = Settings.defaults().with(Key.MAIL_FROM, "Paperboy <papers@example.org>")
                .with(Key.MAIL_SMTP_HOST, "127.0.0.1").with(Key.MAIL_SMTP_PORT, String.valueOf(port))
                .with(Key.MAIL_SMTP_TLS, "none");
        for (var entry : more.entrySet()) {
            settings = settings.with(entry.getKey(), entry.getValue());
        }
        return settings;
    }

    @Test
    void connectionsSendSmallWritesAtOnce() throws Exception {
        for (String tls : List.of("none", "starttls")) {
            Object factory = MailSender.properties(settings(25, Map.of(Key.MAIL_SMTP_TLS, tls))).get("mail.smtp.socketFactory");
            assertThat(factory).as(tls).isInstanceOf(NoDelaySocketFactory.class);
            try (java.net.Socket socket = ((javax.net.SocketFactory) factory).createSocket()) {
                assertThat(socket.getTcpNoDelay()).isTrue();
            }
        }
        assertThat(MailSender.properties(settings(465, Map.of(Key.MAIL_SMTP_TLS, "tls"))))
                .as("implicit TLS: the SSL factory's sockets").doesNotContainKey("mail.smtp.socketFactory");
    }

    private MailSender senderToGreenMail(Map<Key, String> more) {
        return new MailSender(settings(greenMail.getSmtp().getPort(), more));
    }

    private static MailMessage digest(String messageId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<https://papers.example.org/u/opaque-token>");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return new MailMessage("reader@example.org", "Neue Artikel für Zürich — 3 papers ✓",
                "Attention Is All You Need — naïve résumé\nhttps://arxiv.org/abs/1706.03762\n",
                "<p>Attention Is All You Need — <em>naïve résumé</em></p>", headers, messageId);
    }

    /** The received message as bytes, parsed again by Jakarta Mail as a mail client would. */
    private MimeMessage received() throws Exception {
        MimeMessage[] messages = greenMail.getReceivedMessages();
        assertThat(messages).hasSize(1);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        messages[0].writeTo(raw);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.toByteArray()));
    }

    @Test
    void aMessageArrivesWithTextAndHtmlPartsItsSubjectHeadersAndMessageId() throws Exception {
        String id = senderToGreenMail(Map.of(Key.MAIL_REPLY_TO, "editors@example.org"))
                .send(digest("<digest-2026-11-30-42@example.org>"));

        MimeMessage message = received();
        assertThat(id).isEqualTo("<digest-2026-11-30-42@example.org>");
        assertThat(message.getMessageID()).isEqualTo("<digest-2026-11-30-42@example.org>");
        assertThat(message.getSubject()).isEqualTo("Neue Artikel für Zürich — 3 papers ✓");
        assertThat(message.getFrom()[0].toString()).isEqualTo("Paperboy <papers@example.org>");
        assertThat(message.getReplyTo()[0].toString()).isEqualTo("editors@example.org");
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("reader@example.org");
        assertThat(message.getSentDate()).isCloseTo(new java.util.Date(), 60_000);
        assertThat(message.getHeader("List-Unsubscribe", null)).isEqualTo("<https://papers.example.org/u/opaque-token>");
        assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(message.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        Part text = parts.getBodyPart(0);
        Part html = parts.getBodyPart(1);
        assertThat(text.isMimeType("text/plain")).isTrue();
        assertThat(((String) text.getContent()).replace("\r\n", "\n")).isEqualTo("Attention Is All You Need — naïve résumé\nhttps://arxiv.org/abs/1706.03762\n");
        assertThat(html.isMimeType("text/html")).isTrue();
        assertThat(html.getContent()).isEqualTo("<p>Attention Is All You Need — <em>naïve résumé</em></p>");
        for (Part part : List.of(text, html)) {
            assertThat(part.getContentType()).containsIgnoringCase("charset=UTF-8");
            assertThat(part.getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        }
    }

    @Test
    void withoutAGivenIdEachSendGetsAFreshOneAtTheSendersDomain() throws Exception {
        MailSender sender = senderToGreenMail(Map.of());
        String first = sender.send(digest(null));
        String second = sender.send(digest(null));

        assertThat(first).matches("<[0-9a-f-]{36}@example\\.org>").isNotEqualTo(second);
        assertThat(greenMail.getReceivedMessages()[0].getMessageID()).isEqualTo(first);
    }

    @Test
    void logsInWithTheConfiguredUserAndPassword() throws Exception {
        greenMail.setUser("papers@example.org", "paperboy", "s3cret");

        senderToGreenMail(Map.of(Key.MAIL_SMTP_USER, "paperboy", Key.MAIL_SMTP_PASSWORD, "s3cret")).send(digest(null));

        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aRefusedLoginIsPermanentAndNamesTheCredentials() {
        greenMail.setUser("papers@example.org", "paperboy", "s3cret");

        MailException failure = catchThrowableOfType(MailException.class, () -> senderToGreenMail(
                Map.of(Key.MAIL_SMTP_USER, "paperboy", Key.MAIL_SMTP_PASSWORD, "wrong")).send(digest(null)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.isSendersFault()).isTrue();
        assertThat(failure.replyCode()).isEqualTo(535);
        assertThat(failure.getMessage()).contains("refused the login: 535");
        assertThat(failure.whatToCheck()).isEqualTo("mail.smtp.user and mail.smtp.password");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsDownIsATransientFailure() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        MailException failure = catchThrowableOfType(MailException.class,
                () -> new MailSender(settings(port, Map.of())).send(digest(null)));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.replyCode()).isZero();
        assertThat(failure.getMessage()).startsWith("cannot connect to 127.0.0.1:" + port + " (none)");
        assertThat(failure.whatToCheck()).contains("mail.smtp.host", "mail.smtp.port", "mail.smtp.tls");
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheConfiguredTime() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            long start = System.nanoTime();

            MailException failure = catchThrowableOfType(MailException.class, () -> new MailSender(
                    settings(silent.getLocalPort(), Map.of(Key.MAIL_TIMEOUT, "1"))).send(digest(null)));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(failure.isTransient()).isTrue();
            assertThat(failure.getMessage()).startsWith("no answer from 127.0.0.1:");
            assertThat(failure.whatToCheck()).contains("mail.timeout");
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} answered {1}: transient {2}")
    @CsvSource(delimiter = '|', value = {
            "GREETING | 421 4.3.2 too busy, try later    | true",
            "MAIL     | 451 4.3.0 local error, try later  | true",
            "RCPT     | 450 4.2.1 mailbox busy            | true",
            "RCPT     | 550 5.1.1 no such user here       | false",
            "DATA     | 451 4.7.1 greylisted              | true",
            "DATA     | 554 5.7.1 rejected as spam        | false",
            "MAIL     | 550 5.7.1 sender not allowed      | false",
    })
    void smtpRepliesAreTransientOrPermanentByTheirCode(Stage stage, String reply, boolean transientFailure)
            throws Exception {
        try (SmtpStandIn server = SmtpStandIn.replying(stage, reply)) {
            MailException failure = catchThrowableOfType(MailException.class,
                    () -> new MailSender(settings(server.port(), Map.of())).send(digest(null)));

            assertThat(failure.isTransient()).isEqualTo(transientFailure);
            assertThat(failure.isSendersFault()).as("a refused sender address only")
                    .isEqualTo(stage == Stage.MAIL && !transientFailure);
            assertThat(failure.replyCode()).isEqualTo(Integer.parseInt(reply.substring(0, 3)));
            assertThat(failure.getMessage()).contains(reply)
                    .contains(transientFailure ? "deferred the message" : "refused the message");
        }
    }

    @Test
    void starttlsModeNeverSendsInClearTextToAServerWithoutStarttls() throws Exception {
        try (SmtpStandIn server = SmtpStandIn.offering("8BITMIME")) {
            MailException failure = catchThrowableOfType(MailException.class, () -> new MailSender(
                    settings(server.port(), Map.of(Key.MAIL_SMTP_TLS, "starttls"))).send(digest(null)));

            assertThat(failure.isTransient()).isFalse();
            assertThat(failure.getMessage()).containsIgnoringCase("STARTTLS");
            assertThat(server.commands).noneMatch(command -> command.startsWith("MAIL"));
        }
    }

    @Test
    void aRecipientThatIsNotAnAddressIsPermanentAndNothingIsSent() {
        MailException failure = catchThrowableOfType(MailException.class, () -> senderToGreenMail(Map.of())
                .send(new MailMessage("reader at example.org", "s", "t", "<p>h</p>")));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.whatToCheck()).isEqualTo("the recipient's address");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
