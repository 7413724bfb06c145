package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.testing.Browser;

/**
 * The author and category pages in headless Chromium: from an author to a co-author and a category by their links,
 * following an author, and the category page on a phone without sideways scrolling.
 */
class AuthorCategoryBrowserTest {

    @RegisterExtension
    static final TestWatcher SAVE_PAGE_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.saveForDebugging(Path.of("target", "browser-failures"),
                        "AuthorCategoryBrowserTest." + context.getRequiredTestMethod().getName());
            }
        }
    };

    @TempDir
    static Path dataDir;
    private static Paperboy paperboy;
    private static WebServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        if (!Browser.isAvailable()) {
            return;
        }
        paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        paperboy.catalog().upsert(List.of(
                AuthorAndCategoryPagesTest.paper("2611.00001", "Self-supervised world models for long-horizon "
                        + "planning in partially observed environments", List.of("Yann LeCun", "Léon Bottou"),
                        List.of("cs.LG", "cs.AI"), today),
                AuthorAndCategoryPagesTest.paper("2611.00002", "Energy-based models of language",
                        List.of("Yann LeCun", "Geoffrey Hinton"), List.of("cs.CL"), today.minusDays(1))));
        paperboy.indexSync().catchUp(seq -> { });
        server = WebServer.start(paperboy);
        browser = Browser.start();
    }

    @BeforeEach
    void requireBrowser() {
        Browser.assumeAvailable();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (paperboy != null) {
            paperboy.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void fromAnAuthorToACoauthorAndACategoryAndFollowingThem() {
        browser.open(url("/signup"));
        WebElement signup = browser.visible(By.id("signup-form"));
        browser.type(signup, "username", "grace");
        browser.type(signup, "password", "correct horse battery staple");
        browser.submit(signup);

        browser.open(url(Links.author("Yann LeCun")));
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("Yann LeCun");
        browser.screenshot("author");
        browser.submit(browser.find(By.cssSelector("form.follow")));
        assertThat(browser.visible(By.cssSelector("form.follow button")).getText()).isEqualTo("Following · unfollow");

        browser.click(browser.find(By.linkText("Léon Bottou")));
        browser.expectPath("/authors/Léon Bottou");
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("Léon Bottou");

        browser.click(browser.find(By.cssSelector("a[href='/categories/cs.AI']")));
        browser.expectPath("/categories/cs.AI");
        assertThat(browser.visible(By.tagName("h1")).getText()).startsWith("Artificial Intelligence");
        assertThat(browser.find(By.tagName("main")).getText()).contains("Self-supervised world models");
    }

    @Test
    void aCategoryPageFitsAPhone() {
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", Browser.PHONE.width, "height", Browser.PHONE.height, "deviceScaleFactor", 1, "mobile", true));
        try {
            browser.open(url("/categories/cs.LG"));
            assertThat(browser.visible(By.tagName("h1")).getText()).startsWith("Machine Learning");
            browser.open(url(Links.author("Yann LeCun")));
            browser.visible(By.tagName("h1"));
            Object overflow = browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).longValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
            browser.open(url("/categories/cs.LG"));
            browser.visible(By.tagName("h1"));
            overflow = browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).longValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
            browser.screenshot("category-phone");
        } finally {
            ((org.openqa.selenium.chrome.ChromeDriver) browser.driver()).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
