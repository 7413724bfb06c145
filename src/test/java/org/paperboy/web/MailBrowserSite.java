package org.paperboy.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.testing.Browser;
import org.paperboy.testing.Mailbox;
import org.paperboy.testing.ReceivedMail;

/**
 * A whole site for the mail tests in a browser: the real server on a real SQLite store, mail on through an SMTP server
 * in the test JVM, {@code http.public-url} the server's own address (so that the links in the mail lead back to it),
 * the scheduler running the server's jobs (queued mail leaves by itself), and a headless Chromium. The digests and the
 * alert matching, which run on cron times, are left to the tests to run when they choose.
 */
final class MailBrowserSite implements AutoCloseable {

    final Mailbox mailbox;
    final Paperboy paperboy;
    final WebServer server;
    final Browser browser;
    final String publicUrl;
    private final Path mailDir;

    private MailBrowserSite(Mailbox mailbox, Paperboy paperboy, WebServer server, Browser browser, String publicUrl,
            Path mailDir) {
        this.mailbox = mailbox;
        this.paperboy = paperboy;
        this.server = server;
        this.browser = browser;
        this.publicUrl = publicUrl;
        this.mailDir = mailDir;
    }

    /**
     * @param dir               where the store and the mail opened in the browser go
     * @param embeddingProvider {@code none}, or {@code onnx} for the in-process model (alerts need it)
     */
    static MailBrowserSite start(Path dir, String embeddingProvider) {
        Mailbox mailbox = Mailbox.start();
        int port = freePort();
        String publicUrl = "http://127.0.0.1:" + port;
        Paperboy paperboy = null;
        WebServer server = null;
        try {
            paperboy = Paperboy.open(Settings.defaults()
                    .with(Key.DATA_DIR, dir.resolve("data").toString())
                    .with(Key.HTTP_PORT, String.valueOf(port))
                    .with(Key.HTTP_PUBLIC_URL, publicUrl)
                    .with(Key.EMBEDDING_PROVIDER, embeddingProvider)
                    .with(Key.ARXIV_HARVEST, "false")
                    .with(Key.MAIL_DIGEST_CRON, "-")
                    .with(Key.ALERTS_MATCH_CRON, "-")
                    .with(Key.MAIL_FROM, "Paperboy <papers@example.test>")
                    .with(Key.MAIL_SMTP_TLS, "none")
                    .with(Key.MAIL_SMTP_PORT, String.valueOf(mailbox.port()))
                    .with(Key.MAIL_SMTP_HOST, "127.0.0.1"));
            paperboy.scheduler().start(paperboy.scheduledJobs());
            server = WebServer.start(paperboy);
            return new MailBrowserSite(mailbox, paperboy, server, Browser.start(), publicUrl, dir.resolve("mail"));
        } catch (RuntimeException | Error e) {
            closeAll(server, paperboy, mailbox);
            throw e;
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

    /** On a failure: what the browser showed, in target/browser-failures/. */
    static TestWatcher savePageOnFailure(Supplier<MailBrowserSite> site) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                if (site.get() != null) {
                    site.get().browser.saveForDebugging(Path.of("target", "browser-failures"),
                            context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
                }
            }
        };
    }

    String url(String path) {
        return publicUrl + path;
    }

    /** Shows the mail's HTML part in the browser, as a mail program would, to click its links. */
    void openInMailProgram(ReceivedMail mail, String name) {
        browser.open(mail.saveHtml(mailDir, name).toUri().toString());
    }

    /** Clicks the link to {@code url} on the page, and waits to arrive at its path. */
    void follow(String url) {
        browser.click(browser.visible(By.cssSelector("a[href='" + url + "']")));
        browser.expectPath(URI.create(url).getPath());
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            closeAll(server, paperboy, mailbox);
        }
    }

    private static void closeAll(WebServer server, Paperboy paperboy, Mailbox mailbox) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                if (paperboy != null) {
                    paperboy.close();
                }
            } finally {
                mailbox.close();
            }
        }
    }
}
