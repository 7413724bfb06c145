package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import org.paperboy.config.Settings;
import org.paperboy.ingest.ImportReport;
import org.paperboy.ingest.Importer;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The Atom feeds over a real server stay well-formed XML when papers hold characters XML forbids, whichever way they
 * came: a bulk import, a direct catalog write, a row stored before the catalog cleaned them, or the search query.
 */
class AtomFeedsTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** NUL, BEL, the non-character U+FFFE and a lone high surrogate. */
    private static final String DIRTY = "\u0000\u0007\uFFFE\uD800";
    private static final String DIRTY_AS_JSON = "\\u0000\\u0007\\uFFFE\\uD800";
    private static final List<String> PAPERS = List.of("2511.00001", "2511.00002", "2511.00003");

    @TempDir
    static Path dataDir;

    private static Paperboy paperboy;
    private static WebServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none"));
        Path file = Files.writeString(dataDir.resolve("dirty.jsonl"), "{\"id\": \"2511.00001\", \"title\": \"Zeolite imported"
                + DIRTY_AS_JSON + "\", \"abstract\": \"Zeolite" + DIRTY_AS_JSON + " abstract\", \"authors\": [\"Ada"
                + DIRTY_AS_JSON + "\"], \"announced\": \"" + TODAY + "\"}\n");
        ImportReport report = new Importer(paperboy.catalog()).importFiles(List.of(file), null, Importer.Progress.NONE);
        assertThat(report.added()).isEqualTo(1);
        paperboy.catalog().upsert(List.of(
                paper("2511.00002", "Zeolite upserted" + DIRTY, "Zeolite" + DIRTY + " abstract", "Bob" + DIRTY),
                paper("2511.00003", "Zeolite stored", "Zeolite abstract", "Carol")));
        paperboy.indexSync().catchUp(seq -> {});
        storedBeforeTheCatalogCleaned("2511.00003");
        User ada = paperboy.members().createUser("ada", "Ada", null, "hash", Role.MEMBER);
        for (String id : PAPERS) {
            paperboy.feed().submit(ada.id(), new PaperId(id), TODAY);
        }
        server = WebServer.start(paperboy);
    }

    /** Writes forbidden characters into the row itself, as a version that did not clean them would have. */
    private static void storedBeforeTheCatalogCleaned(String id) throws Exception {
        try (Connection c = paperboy.database().connection(); Statement sql = c.createStatement()) {
            assertThat(sql.executeUpdate("UPDATE papers SET title = title || char(7) || char(65534) || ' row', "
                    + "abstract = abstract || char(7), authors = '[\"Carol\\u0007\\ufffe\"]' WHERE paper_id = '" + id + "'"))
                    .isEqualTo(1);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        paperboy.close();
    }

    @Test
    void everyFeedIsWellFormedAndCarriesTheCleanedPapers() throws Exception {
        for (String path : List.of("/feeds/daily.atom?date=" + TODAY, "/feeds/daily.atom", "/feeds/trending.atom",
                "/feeds/search.atom?q=zeolite&mode=keyword")) {
            Document feed = feed(path);
            assertThat(texts(feed, "title")).as(path)
                    .contains("Zeolite imported", "Zeolite upserted", "Zeolite stored row");
            assertThat(texts(feed, "name")).as(path).contains("Ada", "Bob", "Carol");
        }
    }

    @Test
    void aSearchQueryHoldingForbiddenCharactersStillGetsAFeed() throws Exception {
        Document feed = feed("/feeds/search.atom?mode=keyword&q=zeolite%00%07%EF%BF%BE");

        assertThat(texts(feed, "title").getFirst()).isEqualTo("Paperboy search: zeolite");
    }

    /** Fetches a feed, which must answer 200 with well-formed XML. */
    private static Document feed(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
    }

    private static List<String> texts(Document feed, String tag) {
        NodeList nodes = feed.getElementsByTagName(tag);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static Paper paper(String id, String title, String abstractText, String author) {
        return new Paper(new PaperId(id), 1, title, abstractText, List.of(author), List.of("cs.CL"), null, null, null,
                null, null, null, TODAY);
    }
}
