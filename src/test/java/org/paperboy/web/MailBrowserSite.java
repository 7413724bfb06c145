package org.paperboy.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.testing.Browser;
import org.paperboy.testing.BrowserSite;
import org.paperboy.testing.Mailbox;
import org.paperboy.testing.ReceivedMail;

/**
 * A {@link BrowserSite} for the mail tests: mail on through an SMTP server in the test JVM, {@code http.public-url} the
 * server's own address (so that the links in the mail lead back to it), and the scheduler running the server's jobs
 * (queued mail leaves by itself). The digests and the alert matching, which run on cron times, are left to the tests
 * to run when they choose.
 */
final class MailBrowserSite extends BrowserSite {

    private final String embeddingProvider;
    private Mailbox mailbox;

    /** @param embeddingProvider {@code none}, or {@code onnx} for the in-process model (alerts need it) */
    MailBrowserSite(String embeddingProvider) {
        this(embeddingProvider, paperboy -> { });
    }

    MailBrowserSite(String embeddingProvider, Consumer<Paperboy> seed) {
        super(seed);
        this.embeddingProvider = embeddingProvider;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (Browser.isAvailable()) {
            mailbox = Mailbox.start();
        }
        super.beforeAll(context);
    }

    @Override
    protected Settings settings(Path dataDir) {
        int port = freePort();
        return super.settings(dataDir)
                .with(Key.HTTP_PORT, String.valueOf(port))
                .with(Key.HTTP_PUBLIC_URL, "http://127.0.0.1:" + port)
                .with(Key.EMBEDDING_PROVIDER, embeddingProvider)
                .with(Key.ARXIV_HARVEST, "false")
                .with(Key.MAIL_DIGEST_CRON, "-")
                .with(Key.ALERTS_MATCH_CRON, "-")
                .with(Key.MAIL_FROM, "Paperboy <papers@example.test>")
                .with(Key.MAIL_SMTP_TLS, "none")
                .with(Key.MAIL_SMTP_PORT, String.valueOf(mailbox.port()))
                .with(Key.MAIL_SMTP_HOST, "127.0.0.1");
    }

    @Override
    protected void beforeServing(Paperboy paperboy) {
        paperboy.scheduler().start(paperboy.scheduledJobs());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            super.afterAll(context);
        } finally {
            if (mailbox != null) {
                mailbox.close();
            }
        }
    }

    /** A port free now, for the server to take: the public URL must name it before the server starts. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Mailbox mailbox() {
        return mailbox;
    }

    /** Shows the mail's HTML part in the browser, as a mail program would, to click its links. */
    void openInMailProgram(ReceivedMail mail, String name) {
        browser().open(mail.saveHtml(dir().resolve("mail"), name).toUri().toString());
    }

    /** Clicks the link to {@code url} on the page, and waits to arrive at its path. */
    void follow(String url) {
        browser().click(browser().visible(By.cssSelector("a[href='" + url + "']")));
        browser().expectPath(URI.create(url).getPath());
    }
}
