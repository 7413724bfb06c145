package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.alerts.AlertPapers;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.testing.WebClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Saved alerts through the real server (SQLite, the in-process model): saving a search and a paper as alerts, the
 * alerts page with what they found, and the personal Atom feeds with their secrets.
 */
class AlertsWebTest {

    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final String PUBLIC_URL = "https://papers.example.org";
    private static final Pattern FEED = Pattern.compile("<code id=\"alerts-feed\">" + Pattern.quote(PUBLIC_URL)
            + "(/feeds/alerts/[A-Za-z0-9_-]+)\\.atom</code>");

    @TempDir
    static Path dataDir;
    private static Paperboy paperboy;
    private static WebServer server;

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.HTTP_PUBLIC_URL, PUBLIC_URL)
                .with(Settings.Key.ARXIV_HARVEST, "false")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true")); // each client its own address: sign-up limits apply per address
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (paperboy != null) {
            paperboy.close();
        }
    }

    private static WebClient member(String username) {
        WebClient client = new WebClient(server.port());
        assertThat(client.signUp(username, "correct horse battery").statusCode()).isEqualTo(303);
        return client;
    }

    /** Papers arrive as on a server: stored, embedded by the embedding job, then matched by the scheduled job. */
    private static void arrive(org.paperboy.catalog.Paper paper) {
        paperboy.catalog().upsert(List.of(paper));
        paperboy.embeddings().orElseThrow().job().run(Long.MAX_VALUE, null);
        paperboy.alerts().matcher().run(() -> false);
    }

    @Test
    void aSearchSavedAsAnAlertFindsANewPaperAndShowsWhy() {
        WebClient ada = member("ada");
        HttpResponse<String> search = ada.get("/search?q=" + Text.url("protein structure prediction") + "&cat=q-bio");
        assertThat(search.body()).contains("id=\"save-alert\"").contains("Save as alert").contains("id=\"alerts-link\"");

        HttpResponse<String> saved = ada.post("/alerts", Map.of("q", "protein structure prediction", "cat", "q-bio",
                "name", ""));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/alerts");

        String page = ada.get("/alerts").body();
        assertThat(page).contains("<h2>protein structure prediction</h2>").contains("value=\"q-bio\"");

        arrive(AlertPapers.protein("2611.10001", AlertPapers.TODAY));
        arrive(AlertPapers.traffic("2611.10002", AlertPapers.TODAY));

        String after = ada.get("/alerts").body();
        assertThat(after).contains(AlertPapers.PROTEIN_TITLE)
                .contains("matches your alert “protein structure prediction” (similarity 0.")
                .doesNotContain("traffic");
    }

    @Test
    void savingNeedsASignedInMemberAndTheFormsToken() {
        WebClient anonymous = new WebClient(server.port());
        assertThat(anonymous.get("/search?q=transformers").body()).doesNotContain("id=\"save-alert\"")
                .contains("to save this search as an alert");
        assertThat(anonymous.get("/alerts").statusCode()).isEqualTo(303);

        WebClient grace = member("grace");
        assertThat(grace.postRaw("/alerts", Map.of("q", "transformers")).statusCode()).isEqualTo(403);
        assertThat(grace.get("/alerts").body()).doesNotContain("<h2>transformers</h2>");
    }

    @Test
    void aPaperPageMakesAMoreLikeThisAlert() {
        arrive(AlertPapers.protein("2611.10003", AlertPapers.TODAY.minusDays(10)));
        WebClient hopper = member("hopper");
        assertThat(hopper.get("/papers/2611.10003").body()).contains("Alert me about papers like this");

        assertThat(hopper.post("/alerts", Map.of("seed", "2611.10003")).statusCode()).isEqualTo(303);

        assertThat(hopper.get("/alerts").body()).contains("Papers like “" + AlertPapers.PROTEIN_TITLE + "”")
                .contains("href=\"/papers/2611.10003\"");
    }

    @Test
    void theFeedIsAtomWithTheReasonsAndDiesWhenItsSecretIsRotated() throws Exception {
        WebClient lovelace = member("lovelace");
        lovelace.get("/alerts");
        lovelace.post("/alerts", Map.of("q", "deep learning for protein structure", "name", "proteins"));
        arrive(AlertPapers.protein("2611.10004", AlertPapers.TODAY));
        String feed = feedPath(lovelace.get("/alerts").body());

        HttpResponse<String> atom = lovelace.get(feed + ".atom");
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(atom.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/atom+xml"));
        Element root = parse(atom.body()).getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(ATOM_NS);
        assertThat(root.getLocalName()).isEqualTo("feed");
        for (String required : List.of("id", "title", "updated")) {
            assertThat(children(root, required)).as(required).hasSize(1);
        }
        List<Element> entries = children(root, "entry");
        assertThat(entries).hasSize(1);
        Element entry = entries.getFirst();
        for (String required : List.of("id", "title", "updated", "summary")) {
            assertThat(children(entry, required)).as("entry " + required).hasSize(1);
        }
        assertThat(children(entry, "title").getFirst().getTextContent()).isEqualTo(AlertPapers.PROTEIN_TITLE);
        assertThat(children(entry, "summary").getFirst().getTextContent()).startsWith("matches your alert “proteins”");
        assertThat(children(entry, "id").getFirst().getTextContent()).isEqualTo(PUBLIC_URL + "/papers/2611.10004");

        long alertId = paperboy.alerts().alerts().list(userId("lovelace")).getFirst().id();
        assertThat(lovelace.get(feed + "/" + alertId + ".atom").statusCode()).isEqualTo(200);
        WebClient stranger = new WebClient(server.port());
        assertThat(stranger.get(feed + ".atom").statusCode()).as("a feed needs no session, only its secret").isEqualTo(200);
        assertThat(stranger.get(feed.substring(0, feed.length() - 2) + "xx.atom").statusCode()).isEqualTo(404);
        assertThat(stranger.get("/feeds/alerts/" + userId("lovelace") + ".atom").statusCode()).isEqualTo(404);

        assertThat(lovelace.post("/alerts/feed/rotate", Map.of()).statusCode()).isEqualTo(303);
        String rotated = feedPath(lovelace.get("/alerts").body());
        assertThat(rotated).isNotEqualTo(feed);
        assertThat(stranger.get(feed + ".atom").statusCode()).isEqualTo(404);
        assertThat(stranger.get(feed + "/" + alertId + ".atom").statusCode()).isEqualTo(404);
        assertThat(stranger.get(rotated + ".atom").statusCode()).isEqualTo(200);

        lovelace.post("/alerts/feed/rotate", Map.of());
        assertThat(stranger.get(rotated + ".atom").statusCode()).as("every rotation ends the address before it")
                .isEqualTo(404);
        assertThat(stranger.get(feedPath(lovelace.get("/alerts").body()) + ".atom").statusCode()).isEqualTo(200);
    }

    @Test
    void membersEditAndDeleteTheirOwnAlertsOnly() {
        WebClient babbage = member("babbage");
        babbage.get("/alerts");
        babbage.post("/alerts", Map.of("q", "analytical engines"));
        long id = paperboy.alerts().alerts().list(userId("babbage")).getFirst().id();
        WebClient other = member("mallory");
        other.get("/alerts");

        assertThat(other.post("/alerts/" + id + "/delete", Map.of()).statusCode()).isEqualTo(404);
        assertThat(babbage.post("/alerts/" + id + "/edit", Map.of("name", "engines", "categories", "cs.AR, math",
                "authors", "Lovelace", "must_have", "engine", "must_not", "survey")).statusCode()).isEqualTo(303);
        assertThat(paperboy.alerts().alerts().list(userId("babbage")).getFirst().filters().categories())
                .containsExactly("cs.AR", "math");
        assertThat(babbage.post("/alerts/" + id + "/delete", Map.of()).statusCode()).isEqualTo(303);
        assertThat(paperboy.alerts().alerts().list(userId("babbage"))).isEmpty();
    }

    @Test
    void theServerMatchesOnSchedule() {
        assertThat(paperboy.scheduledJobs()).extracting(org.paperboy.schedule.RecurringJob::name)
                .contains(org.paperboy.alerts.SavedAlerts.JOB);
    }

    private static long userId(String username) {
        return paperboy.members().findUser(username).orElseThrow().id();
    }

    private static String feedPath(String alertsPage) {
        Matcher m = FEED.matcher(alertsPage);
        assertThat(m.find()).as("the alerts page shows the feed URL").isTrue();
        return m.group(1);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> children(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        List<Element> found = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && ATOM_NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }
}
