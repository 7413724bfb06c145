package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.paperboy.alerts.AlertPapers;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Role;
import org.paperboy.mail.digest.DigestPeriod;
import org.paperboy.mail.digest.DigestRun;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;
import org.paperboy.subscription.Subscription;
import org.paperboy.testing.Browser;
import org.paperboy.testing.ReceivedMail;

/**
 * A visitor's digest, end to end in a headless Chromium against the real server, with the mail going through a real
 * SMTP server: subscribe on the daily page, confirm through the mailed link, receive the day's digest and follow its
 * links, then unsubscribe as a mailbox provider does it (RFC 8058's one-click POST) and as a person does it (the link
 * in the body, which asks first).
 */
class SubscriberMailBrowserTest {

    private static final String READER = "reader@example.org";
    private static final String OTHER_READER = "other@example.org";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** Today's community picks, most upvoted first (see {@link BrowserEndToEndTest#papers}). */
    private static final List<String> PICKS = List.of("2503.11802", "2503.11731");

    @RegisterExtension
    static final MailBrowserSite site = new MailBrowserSite("none", SubscriberMailBrowserTest::seed);

    /** Today's papers, two of them picked and upvoted by members. */
    private static void seed(Paperboy paperboy) {
        paperboy.catalog().upsert(BrowserEndToEndTest.papers(TODAY));
        long picker = member("picker");
        long voter = member("voter");
        for (String id : PICKS) {
            paperboy.feed().submit(picker, new PaperId(id), TODAY);
            paperboy.votes().upvote(picker, new PaperId(id));
        }
        paperboy.votes().upvote(voter, new PaperId(PICKS.getFirst()));
    }

    @Test
    void subscribeConfirmReceiveTheDigestAndUnsubscribeWithOneClickOrTheLinkInTheBody() throws Exception {
        subscribeInTheBrowser(READER);
        assertThat(status(READER)).isEqualTo(Subscription.Status.CONFIRMED);

        // The day's digest
        DigestRun.Summary today = site.paperboy().digestRun().run(TODAY, false);
        assertThat(today.queued()).as(today.line()).isEqualTo(1);
        ReceivedMail digest = site.mailbox().next(READER);
        assertThat(digest.subject()).isEqualTo("Trending papers · " + new DigestPeriod(Frequency.DAILY, TODAY).label());
        for (String id : PICKS) {
            String title = site.paperboy().catalog().find(new PaperId(id)).map(Paper::title).orElseThrow();
            assertThat(digest.link(Pattern.compile(Pattern.quote(site.url("/papers/" + id))))).isNotNull();
            assertThat(digest.text()).contains(title);
            assertThat(digest.html()).contains(">" + title + "</a>");
        }
        assertThat(digest.text().indexOf(PICKS.get(0))).as("most upvoted first").isLessThan(digest.text().indexOf(PICKS.get(1)));
        assertThat(digest.text()).as("only the picks").doesNotContain("/papers/2503.11877");
        Matcher listUnsubscribe = Pattern.compile("<(https?://[^>]+/unsubscribe/([0-9]+\\.[A-Za-z0-9_-]+))>")
                .matcher(digest.header("List-Unsubscribe"));
        assertThat(listUnsubscribe.matches()).as(digest.header("List-Unsubscribe")).isTrue();
        String unsubscribeUrl = listUnsubscribe.group(1);
        assertThat(unsubscribeUrl).startsWith(site.url("/unsubscribe/"));
        assertThat(digest.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(digest.link(Pattern.compile(Pattern.quote(unsubscribeUrl)))).as("visible in the body").isNotNull();

        // A paper's link, clicked in the mail as a mail program shows it, opens the paper's page
        String title = site.paperboy().catalog().find(new PaperId(PICKS.getFirst())).map(Paper::title).orElseThrow();
        site.openInMailProgram(digest, "digest");
        site.browser().screenshot("digest");
        site.browser().phoneScreenshot("digest-phone");
        site.browser().click(site.browser().visible(By.linkText(title)));
        site.browser().expectPath("/papers/" + PICKS.getFirst());
        assertThat(site.browser().visible(By.tagName("h1")).getText()).isEqualTo(title);

        // One click, as a mailbox provider makes it: a POST from its servers, without cookies
        HttpResponse<String> oneClick = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(URI.create(unsubscribeUrl)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).as(oneClick.body()).isEqualTo(200);
        assertThat(oneClick.headers().firstValue("Location")).isEmpty();
        assertThat(status(READER)).isEqualTo(Subscription.Status.UNSUBSCRIBED);

        // The next day's digest goes to the others, not to the unsubscribed address
        site.paperboy().subscriptions().subscribeVerified(OTHER_READER, Preferences.of(Frequency.DAILY, true, ""),
                member("other"));
        LocalDate tomorrow = TODAY.plusDays(1);
        Paper next = AlertPapers.traffic("2612.00001", tomorrow);
        site.paperboy().catalog().upsert(List.of(next));
        site.paperboy().feed().submit(member("nextpicker"), next.id(), tomorrow);
        DigestRun.Summary nextDay = site.paperboy().digestRun().run(tomorrow, false);
        assertThat(nextDay.queued()).as(nextDay.line()).isEqualTo(1);
        assertThat(site.mailbox().next(OTHER_READER).html()).contains(site.url("/papers/" + next.id().value()));
        site.mailbox().assertNothingMoreFor(READER);

        // Subscribed again, the reader opens the old digest's unsubscribe link: a page that asks, then the button
        subscribeInTheBrowser(READER);
        site.openInMailProgram(digest, "digest");
        site.follow(unsubscribeUrl);
        assertThat(site.browser().visible(By.tagName("h1")).getText()).isEqualTo("Unsubscribe");
        assertThat(status(READER)).as("opening the link alone").isEqualTo(Subscription.Status.CONFIRMED);
        site.browser().submit(site.browser().find(By.cssSelector("form.subscription-action")));
        assertThat(site.browser().visible(By.tagName("h1")).getText()).isEqualTo("You are unsubscribed");
        assertThat(status(READER)).isEqualTo(Subscription.Status.UNSUBSCRIBED);
    }

    /** Subscribes on the daily page and confirms through the mailed link, as a visitor does. */
    private static void subscribeInTheBrowser(String email) {
        Browser browser = site.browser();
        browser.open(site.url("/daily"));
        WebElement form = browser.visible(By.cssSelector("form.subscribe-form"));
        browser.type(form, "email", email);
        browser.submit(form);
        browser.expectPath("/subscribe");
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("Check your inbox");

        ReceivedMail confirmation = site.mailbox().next(email);
        assertThat(confirmation.subject()).isEqualTo("Confirm your subscription to Paperboy's digest");
        String link = confirmation.link(Pattern.compile(Pattern.quote(site.url("/subscribe/confirm?token="))
                + "[A-Za-z0-9_-]+"));
        site.openInMailProgram(confirmation, "confirmation");
        site.follow(link);
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("Confirm your subscription");
        assertThat(status(email)).as("opening the link alone").isEqualTo(Subscription.Status.PENDING);
        browser.submit(browser.find(By.cssSelector("form.subscription-action")));
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("You are subscribed");
    }

    private static Subscription.Status status(String email) {
        return site.paperboy().subscriptions().find(email).orElseThrow().status();
    }

    private static long member(String name) {
        return site.paperboy().members().createUser(name, name, null, "x", Role.MEMBER).id();
    }
}
