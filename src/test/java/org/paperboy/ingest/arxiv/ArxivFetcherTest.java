package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.ingest.arxiv.ArxivFetcher.Change;
import org.paperboy.ingest.arxiv.ArxivFetcher.Found;
import org.paperboy.ingest.arxiv.ArxivFetcher.NotOnArxiv;
import org.paperboy.ingest.arxiv.ArxivFetcher.Outcome;
import org.paperboy.ingest.arxiv.ArxivFetcher.Unreachable;
import org.paperboy.ingest.arxiv.ArxivFetcher.Unusable;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.ArxivStandIn;

/** Fetching by id against a real loopback server answering with arXiv's captured answers, and with silence. */
class ArxivFetcherTest {

    private static final String GET_RECORD = "/arxiv/oai-pmh/mikesaelim_GetRecordResponse.xml";
    private static final String ID_LIST = "/arxiv/api-atom/zoia_api_query_id_list-1601.00001_2020-09-04.xml";
    private static final String SEARCH = "/arxiv/api-atom/xiv_api_query_cat-cs.RO_neural_2025-10-17.xml";

    @TempDir
    Path dir;
    private Database database;
    private Catalog catalog;
    private ArxivServer arxiv;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
        catalog = new Catalog(database);
        arxiv = ArxivServer.start();
    }

    @AfterEach
    void close() {
        arxiv.close();
        database.close();
    }

    private ArxivFetcher fetcher(Duration patience) {
        Settings settings = Settings.defaults()
                .with(Settings.Key.ARXIV_OAI_URL, arxiv.baseUrl() + "/oai")
                .with(Settings.Key.ARXIV_API_URL, arxiv.baseUrl() + "/api")
                .with(Settings.Key.ARXIV_REQUEST_INTERVAL, "0");
        return ArxivFetcher.open(database, settings, catalog, patience);
    }

    private List<Outcome> fetch(String... ids) throws InterruptedException {
        return fetcher(Duration.ofSeconds(5)).fetch(List.of(ids).stream().map(PaperId::new).toList());
    }

    /** OAI answers these ids from the fixture (GetRecord of 1302.2146), idDoesNotExist for others; the API with {@code api}. */
    private void answer(String api) {
        arxiv.route(request -> request.path().endsWith("/oai")
                ? Reply.resource(request.parameter("identifier").equals("oai:arXiv.org:1302.2146") ? GET_RECORD
                        : ArxivStandIn.ID_DOES_NOT_EXIST)
                : api == null ? Reply.xml(ArxivStandIn.feed()) : Reply.resource(api));
    }

    @Test
    void takesWhatOaiHasAndAsksNothingMore() throws Exception {
        answer(null);

        List<Outcome> outcomes = fetch("1302.2146");

        Found found = (Found) outcomes.getFirst();
        assertThat(found.change()).isEqualTo(Change.ADDED);
        assertThat(found.paper().version()).isEqualTo(2);
        assertThat(found.paper().authors()).containsExactly("Joshua Berger", "Maxim Perelstein", "Michael Saelim", "Philip Tanedo");
        assertThat(catalog.find(new PaperId("1302.2146")).orElseThrow().title())
                .isEqualTo("The Same-Sign Dilepton Signature of RPV/MFV SUSY");
        assertThat(arxiv.requests()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/oai");
            assertThat(request.parameters()).isEqualTo(Map.of("verb", "GetRecord",
                    "identifier", "oai:arXiv.org:1302.2146", "metadataPrefix", "arXivRaw"));
        });
        assertThat(fetch("1302.2146")).singleElement().extracting(o -> ((Found) o).change()).isEqualTo(Change.UNCHANGED);
    }

    @Test
    void asksTheApiForWhatOaiDoesNotHaveYet() throws Exception {
        answer(ID_LIST);

        List<Outcome> outcomes = fetch("1601.00001");

        Found found = (Found) outcomes.getFirst();
        assertThat(found.change()).isEqualTo(Change.ADDED);
        assertThat(found.paper().doi()).isEqualTo("10.1063/1.4944470");
        assertThat(catalog.find(new PaperId("1601.00001"))).isPresent();
        assertThat(arxiv.requests()).extracting(ArxivServer.Request::path).containsExactly("/oai", "/api");
        assertThat(arxiv.requests().get(1).parameter("id_list")).isEqualTo("1601.00001");
    }

    @Test
    void whatNeitherHasIsNotOnArxiv() throws Exception {
        answer(null);

        assertThat(fetch("0813.2274")).containsExactly(new NotOnArxiv(new PaperId("0813.2274")));
        assertThat(catalog.count()).isZero();
    }

    @Test
    void asksTheApiOnceForAllTheIdsOaiLacks() throws Exception {
        answer(SEARCH);

        List<Outcome> outcomes = fetch("2510.14968", "1302.2146", "0813.2274", "2510.14827", "1302.2146");

        assertThat(outcomes).extracting(Outcome::id).extracting(PaperId::value)
                .containsExactly("2510.14968", "1302.2146", "0813.2274", "2510.14827");
        assertThat(outcomes).extracting(o -> o.getClass().getSimpleName())
                .containsExactly("Found", "Found", "NotOnArxiv", "Found");
        List<ArxivServer.Request> api = arxiv.requests().stream().filter(r -> r.path().equals("/api")).toList();
        assertThat(api).singleElement().satisfies(request -> {
            assertThat(request.parameter("id_list")).isEqualTo("2510.14968,0813.2274,2510.14827");
            assertThat(request.parameter("max_results")).isEqualTo("3");
        });
        assertThat(catalog.count()).isEqualTo(3);
    }

    @Test
    void storesEachPaperAsSoonAsArxivHasAnsweredForIt() throws Exception {
        List<String> ids = List.of("2611.00001", "2611.00002", "2611.00003", "2611.00004");
        ArxivStandIn standIn = new ArxivStandIn();
        ids.forEach(id -> standIn.oai(id, ArxivStandIn.getRecord(id, "Paper " + id, Instant.parse("2026-11-02T10:00:00Z"))));
        java.util.Set<String> storedWhenAsked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        arxiv.route(request -> {
            ids.stream().filter(id -> catalog.find(new PaperId(id)).isPresent()).forEach(storedWhenAsked::add);
            return standIn.apply(request);
        });

        List<Outcome> outcomes = fetch(ids.toArray(String[]::new));

        assertThat(storedWhenAsked).as("in the catalog while the fetch went on (a listing's hundreds of papers take "
                + "minutes)").containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
        assertThat(outcomes).extracting(Outcome::id).extracting(PaperId::value).containsExactlyElementsOf(ids);
        assertThat(outcomes).allSatisfy(o -> assertThat(((Found) o).change()).isEqualTo(Change.ADDED));
    }

    @Test
    void fetchesOldStyleIds() throws Exception {
        Instant at = Instant.parse("1999-01-01T12:00:00Z");
        arxiv.route(new ArxivStandIn().api("hep-th/9901001",
                ArxivStandIn.apiEntry("hep-th/9901001v1", "An old paper", at, at, "A. Author")));

        assertThat(fetch("hep-th/9901001")).singleElement().isInstanceOf(Found.class);
        assertThat(arxiv.requests().getFirst().parameter("identifier")).isEqualTo("oai:arXiv.org:hep-th/9901001");
        assertThat(arxiv.requests().get(1).parameter("id_list")).isEqualTo("hep-th/9901001");
    }

    @Test
    void anArxivThatDoesNotAnswerIsReportedWithinTheTimeAllowed() throws Exception {
        arxiv.route(new ArxivStandIn().down(true));
        long start = System.nanoTime();

        List<Outcome> outcomes = fetcher(Duration.ofMillis(700)).fetch(List.of(new PaperId("2401.00001"), new PaperId("2401.00002")));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(Unreachable.class,
                u -> assertThat(u.message()).contains("did not answer in time")));
        assertThat(arxiv.requests()).as("OAI asked once, then the API once").extracting(ArxivServer.Request::path)
                .containsExactly("/oai", "/api");
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void whenOaiIsDownTheApiStillAnswers() throws Exception {
        arxiv.route(request -> request.path().endsWith("/oai") ? Reply.status(404, Map.of(), "gone")
                : Reply.resource(ID_LIST));

        assertThat(fetch("1601.00001")).singleElement().isInstanceOf(Found.class);
    }

    @Test
    void anAnswerThatCannotBeReadIsReportedNotStored() throws Exception {
        arxiv.route(request -> request.path().endsWith("/oai") ? Reply.resource(ArxivStandIn.ID_DOES_NOT_EXIST)
                : Reply.xml("<html>Rate exceeded</html>"));

        assertThat(fetch("1601.00001")).singleElement().isInstanceOfSatisfying(Unusable.class,
                u -> assertThat(u.message()).contains("cannot be read").contains("not an Atom feed"));
        assertThat(catalog.count()).isZero();
    }

    @Test
    void refusesIdsFromOtherCollections() {
        assertThatThrownBy(() -> fetch("scifact:4983")).isInstanceOf(IllegalArgumentException.class);
        assertThat(arxiv.requests()).isEmpty();
    }
}
