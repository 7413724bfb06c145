package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.User;
import org.paperboy.testing.Browser;
import org.paperboy.testing.BrowserSite;

/**
 * How the pages look and behave in a real headless Chromium, at a desktop's and a phone's size: nothing scrolls
 * sideways, dark mode applies, a member sees which papers they upvoted, tap targets are large enough, the skip link
 * works, and addresses in abstracts are links (with a "Code" link to a repository). With
 * {@code -Dpaperboy.screenshots=DIR} it also saves the dark-mode and phone screenshots used in the README.
 */
class PageDesignBrowserTest {

    private static final String USERNAME = "grace";
    private static final String PASSWORD = "correct horse battery staple 1906";
    private static final String WITH_CODE = "2503.11731";
    private static final String REPOSITORY = "https://github.com/paperboy-test/splat-sim";
    private static final String LONG_URL = "https://example.org/supplementary/" + "x".repeat(160) + ".pdf";
    private static final List<String> PAGES = List.of("/daily", "/search?q=gaussian+splatting&mode=keyword",
            "/papers/" + WITH_CODE);

    @RegisterExtension
    static final BrowserSite site = new BrowserSite(paperboy -> {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        paperboy.catalog().upsert(papers(today));
        User grace = paperboy.members().signUp(USERNAME, "Grace Hopper", null, PASSWORD);
        paperboy.feed().submit(grace.id(), new PaperId(WITH_CODE), today);
        paperboy.feed().submit(grace.id(), new PaperId("2503.11802"), today);
        paperboy.votes().toggleUpvote(grace.id(), new PaperId(WITH_CODE));
        paperboy.comments().addComment(grace.id(), new PaperId(WITH_CODE), null,
                "The renderer is at " + REPOSITORY + " and the appendix at " + LONG_URL);
    });

    @BeforeAll
    static void logIn() {
        Browser browser = site.browser();
        if (browser == null) {
            return; // no browser: each test is skipped, or failed, by the site
        }
        browser.open(site.url("/login"));
        WebElement login = browser.visible(By.id("login-form"));
        browser.type(login, "username", USERNAME);
        browser.type(login, "password", PASSWORD);
        browser.submit(login);
        browser.visible(By.id("profile-link"));
    }

    @AfterEach
    void desktopAgain() {
        Browser browser = site.browser();
        if (browser != null) {
            browser.stopEmulatingPhone();
            browser.emulateColorScheme("");
        }
    }

    @Test
    void nothingScrollsSidewaysOnADesktopOrAPhone() {
        Browser browser = site.browser();
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                browser.emulatePhone();
            }
            for (String page : PAGES) {
                browser.open(site.url(page));
                browser.visible(By.tagName("main"));
                long scrollWidth = (Long) browser.script("return document.documentElement.scrollWidth");
                long innerWidth = (Long) browser.script("return window.innerWidth");
                assertThat(scrollWidth).as((phone ? "phone: " : "desktop: ") + page).isLessThanOrEqualTo(innerWidth);
            }
        }
        browser.open(site.url("/papers/" + WITH_CODE));
        browser.script("document.getElementById('comments').scrollIntoView()");
        browser.phoneScreenshot("paper-phone");
    }

    @Test
    void darkModeFollowsTheSystemsPreference() {
        Browser browser = site.browser();
        browser.open(site.url("/daily"));
        double light = luminance((String) browser.script("return getComputedStyle(document.body).backgroundColor"));
        String lightCard = (String) browser.script("return getComputedStyle(document.querySelector('li.paper')).backgroundColor");
        browser.emulateColorScheme("dark");
        assertThat((Boolean) browser.script("return matchMedia('(prefers-color-scheme: dark)').matches")).isTrue();
        double dark = luminance((String) browser.script("return getComputedStyle(document.body).backgroundColor"));
        String darkCard = (String) browser.script("return getComputedStyle(document.querySelector('li.paper')).backgroundColor");
        double text = luminance((String) browser.script("return getComputedStyle(document.body).color"));
        assertThat(light).as("light background").isGreaterThan(0.8);
        assertThat(dark).as("dark background").isLessThan(0.1);
        assertThat(text).as("light text on it").isGreaterThan(0.6);
        assertThat(darkCard).as("cards follow").isNotEqualTo(lightCard);
        browser.screenshot("daily-dark");
        browser.phoneScreenshot("daily-phone-dark");
    }

    @Test
    void aMemberSeesWhichPapersTheyUpvoted() {
        Browser browser = site.browser();
        browser.open(site.url("/daily"));
        WebElement voted = upvoteButton(WITH_CODE);
        WebElement notVoted = upvoteButton("2503.11802");
        assertThat(voted.getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(voted.getDomAttribute("class")).contains("upvoted");
        assertThat(notVoted.getDomAttribute("aria-pressed")).isEqualTo("false");
        assertThat(notVoted.getDomAttribute("class")).doesNotContain("upvoted");
        assertThat(voted.getCssValue("background-color")).as("the voted button is filled")
                .isNotEqualTo(notVoted.getCssValue("background-color"));
        assertThat(voted.getCssValue("color")).isNotEqualTo(notVoted.getCssValue("color"));
    }

    @Test
    void linksAndButtonsInCardsAreAtLeast24PixelsSquare() {
        Browser browser = site.browser();
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                browser.emulatePhone();
            }
            for (String page : List.of("/daily", "/search?q=gaussian+splatting&mode=keyword")) {
                browser.open(site.url(page));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> small = (List<Map<String, Object>>) browser.script("""
                        // Links inside running text (an abstract's addresses) are exempt, as WCAG 2.5.8 exempts them.
                        return [...document.querySelectorAll('li.paper :is(a, button, summary)')]
                          .filter(e => !e.closest('.abstract') || e.matches('summary'))
                          .map(e => ({what: e.outerHTML.slice(0, 80), rect: e.getBoundingClientRect()}))
                          .filter(t => t.rect.width < 24 || t.rect.height < 24)
                          .map(t => ({what: t.what, width: t.rect.width, height: t.rect.height}));""");
                assertThat(small).as((phone ? "phone: " : "desktop: ") + page).isEmpty();
            }
        }
    }

    @Test
    void theSkipLinkIsTheFirstStopAndLeadsToTheContent() {
        Browser browser = site.browser();
        browser.open(site.url("/daily"));
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getDomAttribute("class")).isEqualTo("skip-link");
        assertThat(focused.getText()).isEqualTo("Skip to content");
        assertThat(focused.getDomAttribute("href")).isEqualTo("#main");
        assertThat(((Number) browser.script("return arguments[0].getBoundingClientRect().top", focused)).doubleValue())
                .as("visible once focused").isGreaterThanOrEqualTo(0.0);
        assertThat(browser.find(By.id("main")).getTagName()).isEqualTo("main");
        focused.sendKeys(Keys.ENTER);
        browser.waitFor(d -> d.getCurrentUrl().endsWith("#main"));
    }

    @Test
    void addressesInAbstractsAndCommentsAreLinksAndARepositoryIsTheCodeLink() {
        Browser browser = site.browser();
        browser.open(site.url("/daily"));
        WebElement card = browser.find(By.id("paper-" + WITH_CODE));
        WebElement code = card.findElement(By.cssSelector("a.code-link"));
        assertThat(code.getText()).isEqualTo("Code");
        assertThat(code.getDomAttribute("href")).isEqualTo(REPOSITORY);
        assertThat(browser.driver().findElement(By.id("paper-2503.11802")).findElements(By.cssSelector("a.code-link")))
                .as("no repository, no Code link").isEmpty();
        WebElement inPreview = card.findElement(By.cssSelector(".abstract summary a[href='" + REPOSITORY + "']"));
        assertThat(inPreview.getDomAttribute("rel")).isEqualTo("nofollow noopener");

        browser.open(site.url("/papers/" + WITH_CODE));
        WebElement inAbstract = browser.find(By.cssSelector("p.abstract a[href='" + REPOSITORY + "']"));
        assertThat(inAbstract.getText()).isEqualTo(REPOSITORY);
        assertThat(inAbstract.getDomAttribute("rel")).isEqualTo("nofollow noopener");
        assertThat(browser.find(By.cssSelector(".paper-actions a.code-link")).getDomAttribute("href")).isEqualTo(REPOSITORY);
        assertThat(browser.find(By.cssSelector(".comment-body a[href='" + LONG_URL + "']")).getDomAttribute("rel"))
                .contains("nofollow");
        WebElement author = browser.find(By.cssSelector("p.authors a"));
        assertThat(author.getDomAttribute("href")).isEqualTo("/authors/Mira%20Castellanos");
        assertThat(browser.find(By.cssSelector(".chips a.chip")).getDomAttribute("href")).isEqualTo("/categories/cs.CV");
    }

    @Test
    void anExpandedAbstractContinuesWhereItsPreviewStopped() {
        Browser browser = site.browser();
        browser.open(site.url("/daily"));
        WebElement details = browser.find(By.id("paper-" + WITH_CODE)).findElement(By.cssSelector("details.abstract"));
        String preview = details.findElement(By.tagName("summary")).getText();
        assertThat(preview).endsWith("… more");
        browser.click(details.findElement(By.tagName("summary")));
        browser.waitFor(d -> details.getDomAttribute("open") != null);
        String whole = details.getText().replaceAll("\\s+", " ");
        assertThat(whole).as("the preview's '… more' goes once it is open").doesNotContain("… more")
                .isEqualTo(papers(LocalDate.now(ZoneOffset.UTC)).getFirst().abstractText().replaceAll("\\s+", " "));
    }

    private static WebElement upvoteButton(String id) {
        return site.browser().find(By.id("paper-" + id)).findElement(By.cssSelector("button.upvote-button"));
    }

    /** The relative luminance (0 black to 1 white) of a CSS colour "rgb(r, g, b)". */
    private static double luminance(String rgb) {
        String[] parts = rgb.replaceAll("[^0-9,.]", "").split(",");
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Double.parseDouble(parts[i]) / 255;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    private static List<Paper> papers(LocalDate day) {
        Instant submitted = day.minusDays(2).atTime(17, 30).toInstant(ZoneOffset.UTC);
        return List.of(
                new Paper(new PaperId(WITH_CODE), 1,
                        "Gaussian Splatting for Real-Time Sensor Simulation in Autonomous Driving",
                        "Simulating camera and lidar observations is central to testing autonomous vehicles. Code: "
                                + REPOSITORY + ". We represent driving scenes as collections of anisotropic 3D "
                                + "Gaussians with learned appearance and lidar intensity, and render both modalities "
                                + "with a single differentiable rasterizer; see " + LONG_URL + " for the appendix. "
                                + "Policies evaluated in it rank the same as on real logs.",
                        List.of("Mira Castellanos", "Jonas Weber", "Priya Raman", "Ana Lima", "Bo Chen", "Chidi Okeke",
                                "Dana Levi", "Emil Sørensen"),
                        List.of("cs.CV", "cs.RO"), null, null, null, null, submitted, submitted, day),
                new Paper(new PaperId("2503.11802"), 1,
                        "Sparse Mixture-of-Experts Language Models Learn Modular Arithmetic in Stages",
                        "We train small sparse mixture-of-experts transformers on modular addition and track how "
                                + "experts specialise. Training proceeds in distinct stages.",
                        List.of("Lea Okafor", "Tomás Herrera"), List.of("cs.LG", "cs.CL"), null, null, null, null,
                        submitted, submitted, day));
    }
}
