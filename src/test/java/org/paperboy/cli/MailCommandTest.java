package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailCommandTest {

    @TempDir
    Path tmp;

    private GreenMail greenMail;

    @BeforeEach
    void startSmtpServer() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterEach
    void stopSmtpServer() {
        greenMail.stop();
    }

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
    void withMailOffItSaysWhichSettingToSet() throws Exception {
        CommandRun run = CommandRun.of("mail", "test", "--to", "ops@example.org", "--config", config("").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("paperboy: mail is off: set mail.smtp.host "
                + "(PAPERBOY_MAIL_SMTP_HOST) and mail.from (PAPERBOY_MAIL_FROM)");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
