package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivStandIn;
import org.paperboy.testing.WebClient;

/**
 * The search page and API on a real server say how they read what was pasted or typed: the paper of a pasted id
 * first, the offer to fetch one the catalog lacks, "Papers by" a person, "Showing results for" a corrected query, and
 * on the empty page, examples of the syntax.
 */
class SearchReadingWebTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant YESTERDAY = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private static final String RAG = "2606.30809";

    @TempDir
    static Path dataDir;

    private static final ArxivStandIn standIn = new ArxivStandIn();
    private static ArxivServer arxiv;
    private static Paperboy paperboy;
    private static WebServer server;

    @BeforeAll
    static void start() {
        arxiv = ArxivServer.start().route(standIn);
        paperboy = Paperboy.open(Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true")
                .with(Settings.Key.ARXIV_HARVEST, "false")
                .with(Settings.Key.ARXIV_OAI_URL, arxiv.baseUrl() + "/oai")
                .with(Settings.Key.ARXIV_API_URL, arxiv.baseUrl() + "/api")
                .with(Settings.Key.ARXIV_REQUEST_INTERVAL, "0")
                .with(Settings.Key.ARXIV_FETCH_TIMEOUT, "2"));
        List<Paper> papers = new ArrayList<>(List.of(
                paper(RAG, "Retrieval augmented generation for question answering",
                        "Retrieval of passages augments the generation of answers.", List.of("Yann LeCun")),
                paper("2606.00002", "Dense retrieval with contrastive learning",
                        "Dense retrieval learns embeddings for generation.", List.of("Yann Dauphin"))));
        for (int i = 0; i < 3; i++) {
            papers.add(paper("2606.0010" + i, "Retrieval and generation " + i,
                    "Retrieval augmented generation of text.", List.of("Author " + i)));
        }
        paperboy.catalog().upsert(papers);
        paperboy.indexSync().catchUp(seq -> {});
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
        if (arxiv != null) {
            arxiv.close();
        }
    }

    @Test
    void aPastedIdOrLinkFindsItsPaperFirstOnThePageAndInTheApi() throws Exception {
        for (String pasted : List.of(RAG, RAG + "v2", "arXiv:" + RAG, "https://arxiv.org/abs/" + RAG,
                "http://arxiv.org/pdf/" + RAG + "v1", "10.48550/arXiv." + RAG)) {
            for (String mode : List.of("keyword", "hybrid", "semantic")) {
                HttpResponse<String> api = new WebClient(server.port())
                        .get("/api/papers/search?mode=" + mode + "&q=" + Text.url(pasted));
                assertThat(JSON.readTree(api.body()).get(0).path("paper").path("id").asText()).as(pasted + " " + mode)
                        .isEqualTo(RAG);
            }
            String page = new WebClient(server.port()).get("/search?q=" + Text.url(pasted)).body();
            assertThat(page.indexOf("href=\"/papers/" + RAG + "\"")).as(pasted).isPositive()
                    .isLessThan(page.indexOf("href=\"/papers/2606.00002\"") < 0 ? Integer.MAX_VALUE
                            : page.indexOf("href=\"/papers/2606.00002\""));
        }
    }

    @Test
    void anIdTheCatalogLacksIsOfferedForFetchingToMembersAndFetchedWhenTheyAsk() {
        String id = "2606.40001";
        String anonymous = new WebClient(server.port()).get("/search?q=arXiv:" + id + "v1").body();
        assertThat(anonymous).contains("arXiv:" + id + " is not in the catalog yet").contains("Sign in</a> to fetch it")
                .doesNotContain("action=\"/papers/fetch\"");

        WebClient member = new WebClient(server.port());
        assertThat(member.signUp("fetcher", "correct horse battery").statusCode()).isEqualTo(303);
        String offered = member.get("/search?q=https://arxiv.org/abs/" + id).body();
        assertThat(offered).contains("action=\"/papers/fetch\"").contains("name=\"paper\" value=\"" + id + "\"")
                .contains("Fetch it from arXiv");

        standIn.oai(id, ArxivStandIn.getRecord(id, "Fetched from the search page", YESTERDAY));
        HttpResponse<String> fetched = member.post("/papers/fetch", Map.of("paper", id));
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(303);
        assertThat(fetched.headers().firstValue("Location")).hasValue("/papers/" + id);
        assertThat(paperboy.catalog().find(new PaperId(id)).orElseThrow().title()).isEqualTo("Fetched from the search page");
        assertThat(paperboy.feed().submissionOf(new PaperId(id))).as("not put on the daily feed").isEmpty();
        assertThat(member.get("/search?q=" + id).body()).doesNotContain("is not in the catalog yet");
    }

    @Test
    void anAuthorsNameBringsTheirPapersFirstWithALinkToTheirPage() throws Exception {
        String page = new WebClient(server.port()).get("/search?q=Yann+LeCun").body();
        assertThat(page).contains("Papers by <a href=\"" + Links.author("Yann LeCun") + "\">Yann LeCun</a>");
        JsonNode api = JSON.readTree(new WebClient(server.port()).get("/api/papers/search?q=LeCun").body());
        assertThat(api.get(0).path("paper").path("id").asText()).isEqualTo(RAG);
    }

    @Test
    void aMisspeltQuerySaysWhatItSearchedAndLinksToTheWordsAsWritten() {
        String page = new WebClient(server.port()).get("/search?q=retreival+augmented+genration&mode=keyword").body();
        assertThat(page).contains("Showing results for <a href=\"/search?q=retrieval+augmented+generation&amp;mode=keyword\">"
                + "<strong>retrieval augmented generation</strong></a>")
                .contains("Search instead for <a href=\"/search?q=retreival+augmented+genration&amp;mode=keyword&amp;spell=off\">"
                        + "retreival augmented genration</a>");
        String asWritten = new WebClient(server.port())
                .get("/search?q=retreival+augmented+genration&mode=keyword&spell=off").body();
        assertThat(asWritten).doesNotContain("Showing results for");
        assertThat(new WebClient(server.port()).get("/search?q=retrieval+augmented+generation").body())
                .doesNotContain("Showing results for");
        HttpResponse<String> api = new WebClient(server.port()).get("/api/papers/search?q=retreival+augmented+genration");
        assertThat(api.headers().firstValue("X-Search-Corrected-Query")).hasValue("retrieval+augmented+generation");
    }

    @Test
    void theEmptySearchPageShowsTheSyntaxByExample() {
        String page = new WebClient(server.port()).get("/search").body();
        assertThat(page).contains("What you can search for").contains("<code>au:lecun</code>")
                .contains("<code>ti:survey</code>").contains("<code>cat:cs.CL</code>").contains("<code>\"scaling laws\"</code>")
                .contains("<code>-survey</code>").contains("<code>arXiv:2503.11731v2</code>");
        assertThat(new WebClient(server.port()).get("/search?q=retrieval").body()).doesNotContain("What you can search for");
    }

    private static Paper paper(String id, String title, String abstractText, List<String> authors) {
        return new Paper(new PaperId(id), 1, title, abstractText, authors, List.of("cs.CL"), null, null, null, null,
                YESTERDAY, YESTERDAY, null);
    }
}
