package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.community.Passwords;
import org.paperboy.community.Role;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.mail.MailMessage;
import org.paperboy.mail.MailSender;
import org.paperboy.mail.OutboxDelivery;
import org.paperboy.testing.WebClient;

/** The outbox on the admin page of a real server: messages by status, blocked addresses, the latest errors, masked. */
class OutboxAdminWebTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    @Test
    void theAdminPageCountsTheOutboxByStatusAndShowsTheLatestErrorsMasked() throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        int down;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = closed.getLocalPort();
        }
        Settings settings = Settings.defaults().with(Key.DATA_DIR, dataDir.toString()).with(Key.HTTP_PORT, "0")
                .with(Key.EMBEDDING_PROVIDER, "none").with(Key.ARXIV_HARVEST, "false");
        try (Paperboy paperboy = Paperboy.open(settings); WebServer server = WebServer.start(paperboy)) {
            paperboy.outbox().enqueue("digest", "2026-11-30", new MailMessage("ada@example.org", "s", "t", "h"));
            deliver(paperboy, down); // ada's: deferred, the server being down
            paperboy.outbox().enqueue("digest", "2026-11-30", new MailMessage("bob@example.org", "s", "t", "h"));
            paperboy.outbox().enqueue("subscription-confirm", "7", new MailMessage("not an address", "s", "t", "h"));
            paperboy.outbox().enqueue("digest", "2026-12-01", new MailMessage("cy@example.org", "s", "t", "h"));
            deliver(paperboy, greenMail.getSmtp().getPort()); // bob's and cy's sent, ada's not due yet; one failed

            paperboy.members().createUser("boss", "Boss", null, Passwords.hash(PASSWORD), Role.ADMIN);
            WebClient admin = new WebClient(server.port());
            assertThat(admin.logIn("boss", PASSWORD).statusCode()).isEqualTo(303);
            String page = admin.get("/admin").body();

            assertThat(page).contains("id=\"mail-off\"")
                    .contains("<tr id=\"outbox-all\"><td>all time</td><td class=\"number\">1</td>"
                            + "<td class=\"number\">0</td><td class=\"number\">2</td><td class=\"number\">0</td>"
                            + "<td class=\"number\">1</td><td class=\"number\">0</td></tr>")
                    .contains("<tr id=\"outbox-today\"><td>queued today</td><td class=\"number\">1</td>")
                    .contains("<span id=\"blocked-addresses\">0</span>")
                    .contains("<td>a***@example.org</td><td>digest</td>")
                    .contains("<td>***</td><td>subscription-confirm</td>")
                    .contains("<td>due</td><td class=\"error\">cannot connect to 127.0.0.1:" + down)
                    .doesNotContain("ada@example.org");
        } finally {
            greenMail.stop();
        }
    }

    private static void deliver(Paperboy paperboy, int port) {
        Settings mail = paperboy.settings().with(Key.MAIL_FROM, "papers@example.org").with(Key.MAIL_SMTP_TLS, "none")
                .with(Key.MAIL_SMTP_PORT, String.valueOf(port)).with(Key.MAIL_SMTP_HOST, "127.0.0.1");
        new OutboxDelivery(paperboy.database(), new MailSender(mail), Clock.systemUTC(), Duration.ofMinutes(1))
                .deliverDue(() -> false, report -> { });
    }
}
