package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.paperboy.alerts.AlertPapers;
import org.paperboy.catalog.Paper;
import org.paperboy.mail.digest.DigestRun;
import org.paperboy.testing.Browser;
import org.paperboy.testing.ReceivedMail;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A member's saved alert, end to end in a headless Chromium against the real server (the in-process embedding model,
 * mail through a real SMTP server): sign up, confirm the address through the mailed link, take the daily digest, save a
 * search as an alert; then a matching paper arrives, and it shows on the alerts page with why, in the personal Atom
 * feed, and in the next digest under the alert's name. An unrelated paper arriving with it shows nowhere.
 */
class AlertMailBrowserTest {

    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final String USERNAME = "curie";
    private static final String EMAIL = "curie@example.org";
    private static final String PASSWORD = "correct horse battery staple 1867";
    private static final String QUESTION = "protein structure prediction";
    private static final String WHY = "matches your alert “" + QUESTION + "” (similarity 0.";

    @RegisterExtension
    static final MailBrowserSite site = new MailBrowserSite("onnx");

    @Test
    void aSearchSavedAsAnAlertBringsANewPaperToTheAlertsPageTheFeedAndTheDigest() throws Exception {
        Browser browser = site.browser();
        signUpAndConfirmTheAddress();

        // The daily digest, from the mail settings
        browser.open(site.url("/settings/mail"));
        browser.submit(browser.visible(By.id("mail-settings-form")));
        assertThat(browser.visible(By.cssSelector("p.notice")).getText()).contains(EMAIL);
        assertThat(site.paperboy().subscriptions().find(EMAIL).orElseThrow().confirmed()).isTrue();

        // A search, saved as an alert
        WebElement q = browser.visible(By.cssSelector("header form.searchbox input[name=q]"));
        q.sendKeys(QUESTION, Keys.ENTER);
        browser.expectPath("/search");
        browser.submit(browser.visible(By.id("save-alert")));
        browser.expectPath("/alerts");
        assertThat(browser.find(By.cssSelector("section.alert h2")).getText()).isEqualTo(QUESTION);

        // Two new papers enter the catalog: one on the alert's topic, one far from it
        Paper protein = AlertPapers.protein("2612.30001", AlertPapers.TODAY);
        Paper traffic = AlertPapers.traffic("2612.30002", AlertPapers.TODAY);
        site.paperboy().catalog().upsert(List.of(protein, traffic));
        site.paperboy().embeddings().orElseThrow().job().run(Long.MAX_VALUE, null);
        assertThat(site.paperboy().alerts().matcher().run(() -> false)).isEqualTo(1);

        // The alerts page shows the match, and why
        browser.open(site.url("/alerts"));
        List<WebElement> matches = browser.driver().findElements(By.cssSelector("ol.alert-matches li.paper"));
        assertThat(matches).hasSize(1);
        assertThat(matches.getFirst().findElement(By.cssSelector("h3 a")).getDomAttribute("href"))
                .isEqualTo("/papers/" + protein.id().value());
        assertThat(matches.getFirst().findElement(By.cssSelector("p.why")).getText()).startsWith(WHY);
        assertThat(browser.find(By.tagName("main")).getText()).doesNotContain(traffic.title());

        // The personal feed: Atom with the paper, behind its secret
        String feedUrl = browser.find(By.id("alerts-feed")).getText();
        assertThat(feedUrl).startsWith(site.url("/feeds/alerts/")).endsWith(".atom");
        HttpResponse<String> feed = get(feedUrl);
        assertThat(feed.statusCode()).isEqualTo(200);
        List<Element> entries = atomEntries(feed.body());
        assertThat(entries).hasSize(1);
        assertThat(child(entries.getFirst(), "title")).isEqualTo(protein.title());
        assertThat(child(entries.getFirst(), "id")).isEqualTo(site.url("/papers/" + protein.id().value()));
        assertThat(child(entries.getFirst(), "summary")).startsWith("matches your alert “" + QUESTION + "”");
        assertThat(feed.body()).doesNotContain(traffic.title());
        String secret = feedUrl.substring(feedUrl.lastIndexOf('/') + 1, feedUrl.length() - ".atom".length());
        String wrong = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
        assertThat(get(site.url("/feeds/alerts/" + wrong + ".atom")).statusCode()).isEqualTo(404);

        // The next digest: the paper under the alert's name, with why
        DigestRun.Summary digests = site.paperboy().digestRun().run(AlertPapers.TODAY, false);
        assertThat(digests.queued()).as(digests.line()).isEqualTo(1);
        ReceivedMail digest = site.mailbox().next(EMAIL);
        String paperUrl = digest.link(Pattern.compile(Pattern.quote(site.url("/papers/" + protein.id().value()))));
        assertThat(digest.text()).contains("ALERT: " + QUESTION.toUpperCase(java.util.Locale.ROOT))
                .contains(protein.title()).contains("Why: " + WHY).doesNotContain(traffic.title());
        assertThat(digest.html()).contains("Alert: " + QUESTION).contains(protein.title())
                .doesNotContain(traffic.title());
        assertThat(digest.html().indexOf("Alert: " + QUESTION)).isLessThan(digest.html().indexOf(paperUrl));

        // Its link opens the paper
        site.openInMailProgram(digest, "digest");
        browser.screenshot("digest-alert");
        site.follow(paperUrl);
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo(protein.title());
    }

    /** Signs up with an address in the browser, and confirms it with the mailed link's button. */
    private static void signUpAndConfirmTheAddress() {
        Browser browser = site.browser();
        site.signUp(USERNAME, EMAIL, PASSWORD);
        browser.expectPath("/daily");

        ReceivedMail verify = site.mailbox().next(EMAIL);
        assertThat(verify.subject()).contains("Confirm your address");
        String link = verify.link(Pattern.compile(Pattern.quote(site.url("/account/verify?token=")) + "[A-Za-z0-9_-]+"));
        site.openInMailProgram(verify, "verify");
        site.follow(link);
        browser.submit(browser.visible(By.id("confirm-address-form")));
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("Address confirmed");
        long id = site.paperboy().members().findUser(USERNAME).orElseThrow().id();
        assertThat(site.paperboy().members().verifiedEmail(id)).contains(EMAIL);
    }

    /** A GET as a feed reader makes it: no cookies. */
    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Element> atomEntries(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document feed = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(feed.getDocumentElement().getNamespaceURI()).isEqualTo(ATOM_NS);
        assertThat(feed.getDocumentElement().getLocalName()).isEqualTo("feed");
        NodeList entries = feed.getDocumentElement().getElementsByTagNameNS(ATOM_NS, "entry");
        return java.util.stream.IntStream.range(0, entries.getLength()).mapToObj(i -> (Element) entries.item(i)).toList();
    }

    private static String child(Element entry, String name) {
        NodeList found = entry.getElementsByTagNameNS(ATOM_NS, name);
        assertThat(found.getLength()).as(name).isEqualTo(1);
        return found.item(0).getTextContent();
    }
}
