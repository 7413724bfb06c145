package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.paperboy.testing.Browser;
import org.paperboy.testing.BrowserSite;

/**
 * The author and category pages in headless Chromium: from an author to a co-author and a category by their links,
 * following an author, and the category page on a phone without sideways scrolling.
 */
class AuthorCategoryBrowserTest {

    @RegisterExtension
    static final BrowserSite site = new BrowserSite(paperboy -> {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        paperboy.catalog().upsert(List.of(
                AuthorAndCategoryPagesTest.paper("2611.00001", "Self-supervised world models for long-horizon "
                        + "planning in partially observed environments", List.of("Yann LeCun", "Léon Bottou"),
                        List.of("cs.LG", "cs.AI"), today),
                AuthorAndCategoryPagesTest.paper("2611.00002", "Energy-based models of language",
                        List.of("Yann LeCun", "Geoffrey Hinton"), List.of("cs.CL"), today.minusDays(1))));
    });

    @Test
    void fromAnAuthorToACoauthorAndACategoryAndFollowingThem() {
        Browser browser = site.browser();
        site.signUp("grace", "correct horse battery staple");

        browser.open(site.url(Links.author("Yann LeCun")));
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
        Browser browser = site.browser();
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", Browser.PHONE.width, "height", Browser.PHONE.height, "deviceScaleFactor", 1, "mobile", true));
        try {
            browser.open(site.url("/categories/cs.LG"));
            assertThat(browser.visible(By.tagName("h1")).getText()).startsWith("Machine Learning");
            browser.open(site.url(Links.author("Yann LeCun")));
            browser.visible(By.tagName("h1"));
            Object overflow = browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).longValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
            browser.open(site.url("/categories/cs.LG"));
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
