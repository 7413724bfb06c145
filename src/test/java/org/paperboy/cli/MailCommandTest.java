package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.mail.MailMessage;
import org.paperboy.testing.SmtpServer;

class MailCommandTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final SmtpServer greenMail = new SmtpServer();

    private Path config(String... lines) throws Exception {
        return Files.writeString(tmp.resolve("paperboy.properties"), String.join("\n", lines) + "\n");
    }

    private Path mailTo(int port) throws Exception {
        return config("mail.smtp.host=127.0.0.1", "mail.smtp.port=" + port, "mail.smtp.tls=none",
                "mail.from=Paperboy <papers@example.org>", "mail.timeout=5");
    }

    @Test
    void sendsATestMessage() throws Exception {
        int port = greenMail.getSmtp().getPort();

        CommandRun run = CommandRun.of("mail", "test", "--to", "ops@example.org", "--config", mailTo(port).toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("sent to ops@example.org via 127.0.0.1:" + port + " (none)\n");
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("Paperboy test message");
    }

    @Test
    void aServerThatIsDownFailsWithTheReasonAndWhatToCheck() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        CommandRun run = CommandRun.of("mail", "test", "--to", "ops@example.org", "--config", mailTo(port).toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("paperboy: not sent: cannot connect to 127.0.0.1:" + port + " (none)")
                .endsWith("(check mail.smtp.host, mail.smtp.port and mail.smtp.tls)");
    }

    @Test
    void deliverSendsTheQueuedMailThatIsDueAndSummarises() throws Exception {
        Path config = config("mail.smtp.host=127.0.0.1", "mail.smtp.port=" + greenMail.getSmtp().getPort(),
                "mail.smtp.tls=none", "mail.from=Paperboy <papers@example.org>", "data.dir=" + tmp.resolve("data"));
        Settings settings = Settings.resolve(config, Map.of(), Map.of());
        try (Paperboy paperboy = Paperboy.open(settings)) {
            for (String to : List.of("ada@example.org", "bob@example.org", "cy@example.org")) {
                paperboy.outbox().enqueue("digest", "2026-11-30", new MailMessage(to, "Papers", "text", "<p>html</p>"));
            }
        }

        CommandRun first = CommandRun.of("mail", "deliver", "--config", config.toString());
        CommandRun second = CommandRun.of("mail", "deliver", "--config", config.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("3 sent, 0 retrying later, 0 failed, 0 blocked, 0 unconfirmed\n");
        assertThat(first.err()).startsWith("delivering the mail due now via 127.0.0.1:");
        assertThat(second.out()).isEqualTo("0 sent, 0 retrying later, 0 failed, 0 blocked, 0 unconfirmed\n");
        assertThat(greenMail.getReceivedMessages()).hasSize(3);
    }

    @Test
    void deliverStopsWhenTheSendersOwnSettingsAreRefused() throws Exception {
        greenMail.setUser("papers@example.org", "paperboy", "s3cret");
        Path config = config("mail.smtp.host=127.0.0.1", "mail.smtp.port=" + greenMail.getSmtp().getPort(),
                "mail.smtp.tls=none", "mail.from=Paperboy <papers@example.org>", "mail.smtp.user=paperboy",
                "mail.smtp.password=wrong", "data.dir=" + tmp.resolve("data"));
        try (Paperboy paperboy = Paperboy.open(Settings.resolve(config, Map.of(), Map.of()))) {
            paperboy.outbox().enqueue("digest", "2026-11-30", new MailMessage("ada@example.org", "P", "t", "h"));
        }

        CommandRun run = CommandRun.of("mail", "deliver", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("0 sent, 0 retrying later, 0 failed, 0 blocked, 0 unconfirmed\n");
        assertThat(run.errLines().getLast()).startsWith("paperboy: stopped: the server at 127.0.0.1:")
                .contains("refused the login").endsWith("(check mail.smtp.user and mail.smtp.password)");
    }

    @Test
    void withMailOffItSaysWhichSettingToSet() throws Exception {
        CommandRun run = CommandRun.of("mail", "test", "--to", "ops@example.org", "--config", config("").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("paperboy: mail is off: set mail.smtp.host "
                + "(PAPERBOY_MAIL_SMTP_HOST) and mail.from (PAPERBOY_MAIL_FROM)");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
