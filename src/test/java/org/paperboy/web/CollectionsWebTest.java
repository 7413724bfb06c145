package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.testing.WebClient;

/** Reading lists through the real server: saving, the pages, privacy, the exports, more like this, the API. */
class CollectionsWebTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COLLECTION = Pattern.compile("href=\"/collections/([0-9a-f]{20})\">([^<]+)</a>");
    private static final String PASSWORD = "correct horse battery staple 9";
    private static final LocalDate DAY = LocalDate.of(2025, 3, 18);

    @TempDir
    static Path dataDir;
    private static Paperboy paperboy;
    private static WebServer server;

    @BeforeAll
    static void start() {
        paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.ARXIV_HARVEST, "false").with(Settings.Key.HTTP_BEHIND_PROXY, "true"));
        paperboy.catalog().upsert(List.of(
                paper("2503.00001", "Protein folding with transformers", "We fold proteins from their sequences."),
                paper("2503.00002", "Diffusion models for video generation", "Denoising diffusion generates video frames."),
                paper("2503.00003", "Diffusion models for image synthesis", "Denoising diffusion generates images."),
                paper("2503.00004", "Diffusion models for audio generation", "Denoising diffusion generates audio."),
                paper("2503.00005", "Graph databases at scale", "Storing graphs on disks.")));
        paperboy.indexSync().catchUp(seq -> {});
        server = WebServer.start(paperboy);
    }

    @AfterAll
    static void stop() {
        server.close();
        paperboy.close();
    }

    @Test
    void aMemberSavesFromACardAndThePaperPageAndSeesTheCollections() {
        WebClient ada = member("ada1", "10.0.1.1");
        String daily = ada.get("/daily?date=" + DAY).body();
        assertThat(daily).contains("action=\"/collections/save\"").contains("name=\"paper\" value=\"2503.00001\"");
        assertThat(new WebClient(server.port(), "10.0.1.99").get("/daily?date=" + DAY).body()).as("anonymous: no Save")
                .doesNotContain("action=\"/collections/save\"");

        HttpResponse<String> saved = ada.post("/collections/save", Map.of("paper", "2503.00001", "back", "/daily?date=" + DAY));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/daily?date=" + DAY + "#paper-2503.00001");
        assertThat(ada.get("/papers/2503.00002").body()).contains("name=\"name\" value=\"Reading list\"");
        ada.post("/collections/save", Map.of("paper", "2503.00002", "name", "Diffusion", "back", "/papers/2503.00002"));

        String mine = ada.get("/collections").body();
        assertThat(mine).contains("Your collections").contains(">Reading list</a>").contains(">Diffusion</a>")
                .contains("1 paper · private");
        String list = ada.get("/collections/" + idOf(mine, "Reading list")).body();
        assertThat(list).contains("Protein folding with transformers").contains("Remove from this collection")
                .doesNotContain("Diffusion models for video generation");
        assertThat(ada.get("/users/ada1").body()).as("private collections are not on the profile")
                .doesNotContain(">Reading list</a>");
    }

    @Test
    void aPrivateCollectionIsNotFoundForOthersAndAPublicOneIsSeenByLinkAndOnTheProfile() {
        WebClient ada = member("ada2", "10.0.2.1");
        ada.get("/papers/2503.00001");
        ada.post("/collections/save", Map.of("paper", "2503.00001", "name", "Secret plans"));
        String id = idOf(ada.get("/collections").body(), "Secret plans");
        WebClient bob = member("bob2", "10.0.2.2");
        WebClient anonymous = new WebClient(server.port(), "10.0.2.3");

        for (WebClient other : List.of(bob, anonymous)) {
            for (String path : List.of("/collections/" + id, "/collections/" + id + ".bib", "/collections/" + id + ".json",
                    "/api/collections/" + id)) {
                HttpResponse<String> response = other.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.body()).as(path).doesNotContain("Secret plans");
            }
        }
        bob.get("/collections");
        assertThat(bob.post("/collections/" + id + "/rename", Map.of("name", "Bob's")).statusCode()).isEqualTo(404);
        assertThat(bob.post("/collections/" + id + "/delete", Map.of()).statusCode()).isEqualTo(404);

        assertThat(ada.post("/collections/" + id + "/visibility", Map.of("public", "true")).statusCode()).isEqualTo(303);
        assertThat(anonymous.get("/collections/" + id).body()).contains("Secret plans").contains("Protein folding")
                .doesNotContain("Remove from this collection").doesNotContain("rename-collection");
        assertThat(anonymous.get("/users/ada2").body()).contains("href=\"/collections/" + id + "\">Secret plans</a>");
    }

    @Test
    void theOwnerRenamesRemovesAPaperAndDeletes() {
        WebClient ada = member("ada3", "10.0.3.1");
        ada.get("/collections");
        HttpResponse<String> created = ada.post("/collections", Map.of("name", "To read", "public", "on"));
        assertThat(created.statusCode()).isEqualTo(303);
        String id = created.headers().firstValue("Location").orElseThrow().substring("/collections/".length());
        ada.post("/collections/save", Map.of("collection", id, "paper", "2503.00001"));
        ada.post("/collections/save", Map.of("collection", id, "paper", "2503.00005"));

        ada.post("/collections/" + id + "/rename", Map.of("name", "Read soon"));
        ada.post("/collections/" + id + "/remove", Map.of("paper", "2503.00001"));
        String page = ada.get("/collections/" + id).body();
        assertThat(page).contains("<h1>Read soon</h1>").contains("1 paper · public").contains("Graph databases")
                .doesNotContain("Protein folding");

        assertThat(ada.post("/collections", Map.of("name", "Read soon")).statusCode()).as("a name taken").isEqualTo(409);
        assertThat(ada.post("/collections/" + id + "/delete", Map.of()).headers().firstValue("Location")).hasValue("/collections");
        assertThat(ada.get("/collections/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        WebClient ada = member("ada4", "10.0.4.1");
        HttpResponse<String> forged = ada.postRaw("/collections/save", Map.of("paper", "2503.00001"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(ada.get("/collections").body()).contains("No collections yet");
        assertThat(new WebClient(server.port(), "10.0.4.2").get("/collections").statusCode()).as("sign in first")
                .isEqualTo(303);
    }

    @Test
    void exportsAsBibtexAndCslJson() throws Exception {
        WebClient ada = member("ada5", "10.0.5.1");
        ada.get("/collections");
        ada.post("/collections/save", Map.of("paper", "2503.00002", "name", "Export me"));
        ada.post("/collections/save", Map.of("paper", "2503.00003", "name", "Export me"));
        String id = idOf(ada.get("/collections").body(), "Export me");

        HttpResponse<String> bib = ada.get("/collections/" + id + ".bib");
        assertThat(bib.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-bibtex");
        assertThat(bib.body()).contains("@misc{2503.00002,").contains("@misc{2503.00003,")
                .contains("title = {{Diffusion models for image synthesis}}").contains("eprint = {2503.00002}");

        HttpResponse<String> csl = ada.get("/collections/" + id + ".json");
        assertThat(csl.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.citationstyles.csl+json");
        JsonNode items = JSON.readTree(csl.body());
        CslJsonTest.assertValidCsl(items);
        assertThat(items).extracting(i -> i.path("id").asText()).containsExactly("2503.00003", "2503.00002");
        assertThat(items.get(0).path("author").get(0).path("family").asText()).isEqualTo("Author");
    }

    @Test
    void moreLikeThisCollectionShowsRelatedPapersButNotItsOwn() {
        WebClient ada = member("ada6", "10.0.6.1");
        ada.get("/collections");
        ada.post("/collections/save", Map.of("paper", "2503.00002", "name", "Diffusion"));
        ada.post("/collections/save", Map.of("paper", "2503.00003", "name", "Diffusion"));
        String page = ada.get("/collections/" + idOf(ada.get("/collections").body(), "Diffusion")).body();

        String more = page.substring(page.indexOf("More like this collection"));
        assertThat(more).contains("Diffusion models for audio generation")
                .doesNotContain("Diffusion models for video generation").doesNotContain("Diffusion models for image synthesis");
        assertThat(more.substring(0, more.indexOf("</li>"))).as("the closest first").contains("audio generation");
    }

    @Test
    void theApiListsShowsAndChangesCollectionsWithAToken() throws Exception {
        WebClient ada = member("ada7", "10.0.7.1");
        ada.get("/collections");
        ada.post("/collections/save", Map.of("paper", "2503.00001", "name", "Via API"));
        String id = idOf(ada.get("/collections").body(), "Via API");
        String token = paperboy.apiTokens().create(paperboy.members().findUser("ada7").orElseThrow(), "test").secret();

        JsonNode mine = JSON.readTree(ada.api("GET", "/api/collections", "", token).body());
        assertThat(mine).singleElement().satisfies(c -> {
            assertThat(c.path("name").asText()).isEqualTo("Via API");
            assertThat(c.path("public").asBoolean()).isFalse();
        });
        assertThat(ada.api("PUT", "/api/collections/" + id + "/papers/2503.00005", "", token).statusCode()).isEqualTo(200);
        assertThat(ada.api("DELETE", "/api/collections/" + id + "/papers/2503.00001", "", token).statusCode()).isEqualTo(204);
        JsonNode one = JSON.readTree(ada.api("GET", "/api/collections/" + id, "", token).body());
        assertThat(one.path("papers").toString()).isEqualTo("[\"2503.00005\"]");
        assertThat(ada.api("GET", "/api/collections/" + id, "", null).statusCode()).as("private, no token").isEqualTo(404);
        assertThat(ada.api("GET", "/api/collections", "", null).statusCode()).isEqualTo(401);
    }

    private static WebClient member(String username, String address) {
        WebClient client = new WebClient(server.port(), address);
        assertThat(client.signUp(username, PASSWORD).statusCode()).isEqualTo(303);
        return client;
    }

    private static String idOf(String page, String name) {
        Matcher m = COLLECTION.matcher(page);
        while (m.find()) {
            if (m.group(2).equals(name)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no collection named " + name + " on the page");
    }

    private static Paper paper(String id, String title, String abstractText) {
        return new Paper(new PaperId(id), 1, title, abstractText, List.of("A. Author"), List.of("cs.LG"), null, null,
                null, null, null, null, DAY);
    }
}
