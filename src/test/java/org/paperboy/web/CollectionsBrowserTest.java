package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
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
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.testing.Browser;

/** A member saves papers in a real headless Chromium, from a card and from a paper's page, and opens the collections. */
class CollectionsBrowserTest {

    private static final LocalDate DAY = LocalDate.of(2025, 3, 18);

    @RegisterExtension
    static final TestWatcher SAVE_PAGE_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.saveForDebugging(Path.of("target", "browser-failures"),
                        context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
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
        paperboy.catalog().upsert(List.of(
                paper("2503.00001", "Diffusion models for video generation", "Denoising diffusion generates video."),
                paper("2503.00002", "Diffusion models for image synthesis", "Denoising diffusion generates images."),
                paper("2503.00003", "Diffusion models for audio generation", "Denoising diffusion generates audio.")));
        paperboy.indexSync().catchUp(seq -> {});
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

    @Test
    void saveFromACardAndFromThePaperPageThenViewTheCollection() {
        browser.open(url("/signup"));
        WebElement signup = browser.visible(By.id("signup-form"));
        browser.type(signup, "username", "reader");
        browser.type(signup, "password", "correct horse battery staple 1843");
        browser.submit(signup);

        browser.open(url("/daily?date=" + DAY));
        WebElement card = browser.visible(By.id("paper-2503.00001"));
        WebElement save = card.findElement(By.cssSelector("form.save"));
        browser.submit(save);
        browser.expectPath("/daily");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#paper-2503.00001");

        browser.open(url("/papers/2503.00002"));
        WebElement saveTo = browser.visible(By.cssSelector("form.save"));
        browser.type(saveTo, "name", "Diffusion");
        browser.submit(saveTo);
        browser.expectPath("/papers/2503.00002");

        browser.click(browser.find(By.id("collections-link")));
        browser.expectPath("/collections");
        assertThat(browser.find(By.tagName("main")).getText()).contains("Reading list").contains("Diffusion");
        browser.click(browser.find(By.linkText("Reading list")));
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("Reading list");
        assertThat(browser.find(By.cssSelector("ol.papers li.paper h3 a")).getText())
                .isEqualTo("Diffusion models for video generation");
        assertThat(browser.find(By.id("more-like-this")).getText()).isEqualTo("More like this collection");
        assertThat(browser.find(By.linkText("BibTeX")).getDomAttribute("href")).endsWith(".bib");
        browser.screenshot("collection");

        WebElement visibility = browser.find(By.id("collection-visibility"));
        browser.submit(visibility);
        assertThat(browser.find(By.cssSelector("p.meta")).getText()).contains("public");
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static Paper paper(String id, String title, String abstractText) {
        return new Paper(new PaperId(id), 1, title, abstractText, List.of("A. Author"), List.of("cs.LG"), null, null,
                null, null, null, null, DAY);
    }
}
