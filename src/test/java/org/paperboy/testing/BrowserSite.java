package org.paperboy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.web.WebServer;

/**
 * A whole site for a class of browser tests: Paperboy on a fresh SQLite store in a temporary directory, seeded, its
 * index caught up, the real server on a free loopback port, and a headless Chromium; all started once before the
 * class's tests and closed after them: {@code @RegisterExtension static final BrowserSite site = new BrowserSite(
 * paperboy -> paperboy.catalog().upsert(...));}.
 *
 * <p>Where Chromium is not installed nothing is started, and each test is skipped, or failed where
 * {@code PAPERBOY_REQUIRE_BROWSER=1}, by {@link Browser#assumeAvailable()} before it runs (not in the class's setup,
 * where Surefire would report no tests and no reason). When a test fails, what the browser showed is saved in
 * {@code target/browser-failures/}.
 */
public class BrowserSite implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher {

    private static final Path FAILURES = Path.of("target", "browser-failures");

    private final Consumer<Paperboy> seed;
    private Path dir;
    private Paperboy paperboy;
    private WebServer server;
    private Browser browser;

    /** A site with an empty catalog. */
    public BrowserSite() {
        this(paperboy -> { });
    }

    /** @param seed fills the store before the server starts (the search index catches up with it afterwards) */
    public BrowserSite(Consumer<Paperboy> seed) {
        this.seed = seed;
    }

    /** The settings Paperboy opens with: a subclass adds its own to these. */
    protected Settings settings(Path dataDir) {
        return Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none");
    }

    /** Runs once the store is seeded, just before the server starts: for a subclass that needs more running. */
    protected void beforeServing(Paperboy paperboy) {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!Browser.isAvailable()) {
            return; // each test is then skipped, or failed, by beforeEach
        }
        dir = Files.createTempDirectory("paperboy-browser-");
        paperboy = Paperboy.open(settings(dir));
        seed.accept(paperboy);
        paperboy.indexSync().catchUp(seq -> { });
        beforeServing(paperboy);
        server = WebServer.start(paperboy);
        browser = Browser.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Browser.assumeAvailable();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (browser != null) {
            browser.saveForDebugging(FAILURES,
                    context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
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
                    if (dir != null) {
                        Browser.deleteTree(dir);
                    }
                }
            }
        }
    }

    /** The site's Paperboy; already this one while the seed runs. */
    public Paperboy paperboy() {
        return paperboy;
    }

    public Browser browser() {
        return browser;
    }

    /** The temporary directory the store is in, for a test's own files too. */
    public Path dir() {
        return dir;
    }

    /** The absolute address of {@code path} on the server. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Signs up on the sign-up page, with a user name and a password only. */
    public void signUp(String username, String password) {
        browser.submit(signUpForm(username, password));
    }

    /** Signs up on the sign-up page, with an email address too. */
    public void signUp(String username, String email, String password) {
        WebElement form = signUpForm(username, password);
        browser.type(form, "email", email);
        browser.submit(form);
    }

    private WebElement signUpForm(String username, String password) {
        browser.open(url("/signup"));
        WebElement form = browser.visible(By.id("signup-form"));
        browser.type(form, "username", username);
        browser.type(form, "password", password);
        return form;
    }
}
