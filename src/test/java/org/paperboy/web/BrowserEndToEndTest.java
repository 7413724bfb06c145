package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.testing.Browser;
import org.paperboy.testing.BrowserSite;

/**
 * The whole member journey in a real headless Chromium against the real server: sign up, submit a paper, upvote it,
 * find it by searching, open its page, comment on it, log out (and back in).
 *
 * <p>With {@code -Dpaperboy.screenshots=DIR} it also saves the screenshots used in the docs. Skipped where Chromium is
 * not installed, unless {@code PAPERBOY_REQUIRE_BROWSER=1}.
 */
class BrowserEndToEndTest {

    private static final String USERNAME = "ada";
    private static final String DISPLAY_NAME = "Ada Lovelace";
    private static final String PASSWORD = "correct horse battery staple 1843";
    private static final String SUBMITTED_ID = "2503.11731";
    private static final String SUBMITTED_TITLE = "Gaussian Splatting for Real-Time Sensor Simulation in Autonomous Driving";
    /** The title link of a listed paper (h3 in the daily lists; the search page has used h2). */
    private static final By PAPER_LINK = By.cssSelector(":is(h2, h3) > a");
    private static final By UPVOTE_BUTTON = By.cssSelector("form.upvote button.upvote-button");

    @RegisterExtension
    static final BrowserSite site = new BrowserSite(
            paperboy -> paperboy.catalog().upsert(papers(LocalDate.now(ZoneOffset.UTC))));

    @Test
    void signUpSubmitUpvoteSearchCommentAndLogOut() {
        Browser browser = site.browser();
        // Sign up
        browser.open(site.url("/"));
        browser.click(browser.visible(By.id("signup-link")));
        WebElement signup = browser.visible(By.id("signup-form"));
        assertThat(signup.findElement(By.cssSelector("input[type=hidden][name=csrf]")).getDomProperty("value"))
                .as("the sign-up form carries a CSRF token").isNotBlank();
        browser.screenshot("signup");
        browser.type(signup, "username", USERNAME);
        browser.type(signup, "display_name", DISPLAY_NAME);
        browser.type(signup, "email", "ada@example.org");
        browser.type(signup, "password", PASSWORD);
        browser.submit(signup);
        browser.expectPath("/daily");
        assertLoggedIn();

        // Submit a paper by its arXiv URL
        browser.click(browser.find(By.id("submit-link")));
        WebElement submitForm = browser.visible(By.id("submit-form"));
        browser.type(submitForm, "paper", "https://arxiv.org/abs/" + SUBMITTED_ID);
        browser.submit(submitForm);
        browser.expectPath("/daily");
        assertThat(query()).as("the feed day the paper was submitted to").matches("date=\\d{4}-\\d{2}-\\d{2}");
        assertThat(browser.driver().findElements(By.cssSelector(".form-error"))).isEmpty();
        WebElement pick = communityPick(SUBMITTED_ID);
        assertThat(pick.findElement(PAPER_LINK).getText()).isEqualTo(SUBMITTED_TITLE);

        // Upvote it on the daily page
        String dailyUrl = browser.driver().getCurrentUrl();
        WebElement upvote = pick.findElement(By.cssSelector("form.upvote"));
        assertThat(upvote.getDomAttribute("action")).isEqualTo("/papers/" + SUBMITTED_ID + "/upvote");
        WebElement button = upvote.findElement(UPVOTE_BUTTON);
        assertThat(button.getDomAttribute("aria-pressed")).isEqualTo("false");
        assertThat(button.findElement(By.cssSelector(".upvote-count")).getText()).isEqualTo("0");
        browser.click(button);
        browser.waitFor(d -> {
            try {
                return "true".equals(communityPick(SUBMITTED_ID).findElement(UPVOTE_BUTTON).getDomAttribute("aria-pressed"));
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false; // the page is being replaced
            }
        });
        assertThat(browser.driver().getCurrentUrl()).as("back on the same page").isEqualTo(dailyUrl);
        assertUpvotedOnce(communityPick(SUBMITTED_ID));
        browser.screenshot("daily");
        browser.phoneScreenshot("daily-phone");

        // Search for it from the header
        WebElement q = browser.find(By.cssSelector("header form.searchbox input[type=search][name=q]"));
        q.sendKeys("gaussian splatting sensor", Keys.ENTER);
        browser.expectPath("/search");
        List<WebElement> results = browser.waitFor(ExpectedConditions.presenceOfAllElementsLocatedBy(
                By.cssSelector("li.paper")));
        WebElement first = results.getFirst().findElement(PAPER_LINK);
        assertThat(first.getDomAttribute("href")).isEqualTo("/papers/" + SUBMITTED_ID);
        browser.screenshot("search");

        // Open the paper page: the upvote is remembered there too
        browser.click(first);
        browser.expectPath("/papers/" + SUBMITTED_ID);
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo(SUBMITTED_TITLE);
        assertUpvotedOnce(browser.find(By.cssSelector("main")));

        // Comment, in Markdown with some HTML that must come out as text
        WebElement commentForm = browser.find(By.cssSelector("section#comments form#comment-form"));
        assertThat(commentForm.getDomAttribute("action")).isEqualTo("/papers/" + SUBMITTED_ID + "/comments");
        commentForm.findElement(By.name("body")).sendKeys("This is **great** <script>x</script>");
        browser.submit(commentForm);
        WebElement comment = browser.visible(By.cssSelector("section#comments article.comment"));
        assertThat(comment.getDomAttribute("id")).matches("comment-\\d+");
        WebElement body = comment.findElement(By.cssSelector(".comment-body"));
        assertThat(body.findElement(By.tagName("strong")).getText()).isEqualTo("great");
        assertThat(body.findElements(By.tagName("script"))).as("raw HTML is escaped, not rendered").isEmpty();
        assertThat(body.getText()).contains("This is great", "<script>x</script>");
        browser.script("arguments[0].scrollIntoView({block: 'end'})", comment);
        browser.screenshot("paper");

        // The profile page
        browser.click(browser.find(By.id("profile-link")));
        browser.expectPath("/users/" + USERNAME);
        assertThat(browser.find(By.tagName("main")).getText()).contains(USERNAME);
        browser.screenshot("profile");

        // Log out
        browser.click(browser.find(By.cssSelector("form#logout-form button#logout")));
        browser.visible(By.id("login-link"));
        assertThat(browser.driver().findElements(By.id("profile-link"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("logout-form"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("signup-link"))).hasSize(1);

        // And back in
        browser.click(browser.find(By.id("login-link")));
        WebElement login = browser.visible(By.id("login-form"));
        browser.type(login, "username", USERNAME);
        browser.type(login, "password", PASSWORD);
        browser.submit(login);
        browser.expectPath("/"); // back where the login link was clicked
        assertLoggedIn();
    }

    private static void assertLoggedIn() {
        Browser browser = site.browser();
        WebElement profile = browser.visible(By.id("profile-link"));
        assertThat(profile.getText()).isEqualTo(USERNAME);
        assertThat(profile.getDomAttribute("href")).isEqualTo("/users/" + USERNAME);
        assertThat(browser.driver().findElements(By.id("submit-link"))).hasSize(1);
        assertThat(browser.driver().findElements(By.id("logout-form"))).hasSize(1);
        assertThat(browser.driver().findElements(By.id("login-link"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("signup-link"))).isEmpty();
    }

    private static void assertUpvotedOnce(WebElement scope) {
        WebElement button = scope.findElement(By.cssSelector(
                "form.upvote[action='/papers/" + SUBMITTED_ID + "/upvote'] button.upvote-button"));
        assertThat(button.getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(button.findElement(By.cssSelector(".upvote-count")).getText()).isEqualTo("1");
    }

    /** The paper's entry in the "Community picks" list of the daily page on screen. */
    private static WebElement communityPick(String id) {
        return site.browser().visible(By.xpath("//h2[normalize-space()='Community picks']"
                + "/following-sibling::ol[contains(concat(' ', @class, ' '), ' papers ')][1]"
                + "/li[contains(concat(' ', @class, ' '), ' paper ')][.//h3/a[@href='/papers/" + id + "']]"));
    }

    private static String query() {
        String query = URI.create(site.browser().driver().getCurrentUrl()).getQuery();
        return query == null ? "" : query;
    }

    /** A handful of plausible papers, announced on {@code day} and the day before. */
    static List<Paper> papers(LocalDate day) {
        return List.of(
                paper(SUBMITTED_ID, SUBMITTED_TITLE,
                        "Simulating camera and lidar observations is central to testing autonomous vehicles, yet neural "
                                + "radiance fields remain too slow for closed-loop use. We represent driving scenes as "
                                + "collections of anisotropic 3D Gaussians with learned appearance and lidar intensity, "
                                + "and render both modalities with a single differentiable rasterizer.\n\nOn three public "
                                + "driving datasets our simulator matches the fidelity of the best NeRF-based methods while "
                                + "rendering 40 times faster, and policies evaluated in it rank the same as on real logs.",
                        List.of("Mira Castellanos", "Jonas Weber", "Priya Raman"), List.of("cs.CV", "cs.RO"), day),
                paper("2503.11802", "Sparse Mixture-of-Experts Language Models Learn Modular Arithmetic in Stages",
                        "We train small sparse mixture-of-experts transformers on modular addition and track how "
                                + "experts specialise. Training proceeds in distinct stages: memorisation, a brief "
                                + "phase in which experts split the residues between them, and a final phase in which "
                                + "a Fourier-feature circuit is shared by all experts. Routing entropy predicts the "
                                + "onset of generalisation several thousand steps ahead.",
                        List.of("Lea Okafor", "Tomás Herrera"), List.of("cs.LG", "cs.CL"), day),
                paper("2503.11877", "Retrieval-Augmented Generation with Citation Verification for Scientific Question Answering",
                        "Retrieval-augmented language models often cite passages that do not support their claims. "
                                + "We add a lightweight entailment verifier that checks every generated citation against "
                                + "the retrieved passage and triggers targeted re-retrieval when a claim is unsupported. "
                                + "On a benchmark of 4,200 questions over biomedical abstracts, unsupported citations "
                                + "fall from 23% to 6% at a cost of 1.3 extra retrieval calls per answer.",
                        List.of("Hannah Lindqvist", "Wei Zhang", "Samuel Adeyemi", "Chiara Rossi"),
                        List.of("cs.CL", "cs.IR"), day),
                paper("2503.10954", "Diffusion Policies for Dexterous In-Hand Manipulation from Few Demonstrations",
                        "We show that diffusion-based visuomotor policies trained on as few as twenty teleoperated "
                                + "demonstrations can reorient unseen objects in a five-fingered hand. Key ingredients are "
                                + "tactile tokens fused into the denoising network and an action-chunking scheme that "
                                + "keeps contact-rich motions smooth. Success rates reach 81% on a set of 30 household "
                                + "objects.",
                        List.of("Kenji Morimoto", "Alicia Fernández"), List.of("cs.RO", "cs.LG"), day.minusDays(1)),
                paper("2503.10611", "A Census of Ultra-Diffuse Galaxies in the Perseus Cluster with Euclid",
                        "Using early-release imaging from Euclid we identify 312 ultra-diffuse galaxy candidates in the "
                                + "Perseus cluster, tripling the previous count. Their abundance, sizes and globular "
                                + "cluster populations are consistent with a mixture of puffed-up dwarfs and failed "
                                + "Milky Way-mass haloes, with the latter concentrated towards the cluster core.",
                        List.of("Oliver Brandt", "Nomvula Dlamini", "Rafael Quintero"), List.of("astro-ph.GA"),
                        day.minusDays(1)));
    }

    private static Paper paper(String id, String title, String abstractText, List<String> authors,
            List<String> categories, LocalDate announced) {
        Instant submitted = announced.minusDays(2).atTime(17, 30).toInstant(ZoneOffset.UTC);
        return new Paper(new PaperId(id), 1, title, abstractText, authors, categories, null, null, null,
                "http://creativecommons.org/licenses/by/4.0/", submitted, submitted, announced);
    }
}
