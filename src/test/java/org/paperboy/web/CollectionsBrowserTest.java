package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.testing.Browser;
import org.paperboy.testing.BrowserSite;

/** A member saves papers in a real headless Chromium, from a card and from a paper's page, and opens the collections. */
class CollectionsBrowserTest {

    private static final LocalDate DAY = LocalDate.of(2025, 3, 18);

    @RegisterExtension
    static final BrowserSite site = new BrowserSite(paperboy -> paperboy.catalog().upsert(List.of(
            paper("2503.00001", "Diffusion models for video generation", "Denoising diffusion generates video."),
            paper("2503.00002", "Diffusion models for image synthesis", "Denoising diffusion generates images."),
            paper("2503.00003", "Diffusion models for audio generation", "Denoising diffusion generates audio."))));

    @Test
    void saveFromACardAndFromThePaperPageThenViewTheCollection() {
        Browser browser = site.browser();
        site.signUp("reader", "correct horse battery staple 1843");

        browser.open(site.url("/daily?date=" + DAY));
        WebElement card = browser.visible(By.id("paper-2503.00001"));
        WebElement save = card.findElement(By.cssSelector("form.save"));
        browser.submit(save);
        browser.expectPath("/daily");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#paper-2503.00001");

        browser.open(site.url("/papers/2503.00002"));
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

    private static Paper paper(String id, String title, String abstractText) {
        return new Paper(new PaperId(id), 1, title, abstractText, List.of("A. Author"), List.of("cs.LG"), null, null,
                null, null, null, null, DAY);
    }
}
