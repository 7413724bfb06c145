package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Passwords;
import org.paperboy.community.Role;
import org.paperboy.config.Settings;
import org.paperboy.testing.WebClient;
import org.slf4j.LoggerFactory;

/** What a running server shows when its search index fails: /healthz says so, and pages say so in the log. */
class IndexHealthWebTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    @Test
    void aStalledIndexMakesHealthzUnhealthyUntilItFollowsAgain() throws Exception {
        try (Paperboy paperboy = Paperboy.open(settings()); WebServer server = WebServer.start(paperboy)) {
            WebClient web = new WebClient(server.port());
            paperboy.indexSync().follow(100);
            paperboy.warmUp();
            JsonNode healthy = JSON.readTree(web.get("/healthz").body());
            assertThat(healthy.get("status").textValue()).isEqualTo("ok");
            assertThat(healthy.at("/index/state").textValue()).isEqualTo("ok");

            // The store breaks under the follower (here: the table it checks first is renamed away).
            execute(paperboy, "ALTER TABLE search_index_ledger RENAME TO search_index_ledger_away");
            HttpResponse<String> stalled = await(web, r -> r.statusCode() == 503);
            JsonNode index = JSON.readTree(stalled.body()).get("index");
            assertThat(JSON.readTree(stalled.body()).get("status").textValue()).isEqualTo("index stalled");
            assertThat(index.get("state").textValue()).isEqualTo("stalled");
            assertThat(index.get("lastError").textValue()).contains("search_index_ledger");
            assertThat(index.get("failingSince").textValue()).isNotBlank();
            // The admin page shows the same.
            paperboy.members().createUser("boss", "Boss", null, Passwords.hash(PASSWORD), Role.ADMIN);
            WebClient admin = new WebClient(server.port());
            admin.logIn("boss", PASSWORD);
            assertThat(admin.get("/admin").body()).contains("index stalled").contains("stalled since")
                    .contains("search_index_ledger");
            assertThat(web.get("/admin").statusCode()).as("not to others").isEqualTo(303);

            execute(paperboy, "ALTER TABLE search_index_ledger_away RENAME TO search_index_ledger");
            paperboy.catalog().upsert(List.of(paper()));
            await(web, r -> r.statusCode() == 200);
            assertThat(web.get("/api/papers/search?q=zeolite&mode=keyword").body()).contains("2502.01234");
        }
    }

    /** A search cluster this node cannot reach (every host refuses): /healthz says so, rather than failing itself. */
    @Test
    void anUnreachableSearchIndexIsReportedByHealthz() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Settings onOpenSearch = settings().with(Settings.Key.SEARCH_OPENSEARCH_HOSTS, "http://127.0.0.1:" + closedPort)
                .with(Settings.Key.SEARCH_ENGINE, "opensearch");
        try (Paperboy paperboy = Paperboy.open(onOpenSearch); WebServer server = WebServer.start(paperboy)) {
            paperboy.indexSync().follow(100);
            HttpResponse<String> health = new WebClient(server.port()).get("/healthz");

            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            JsonNode index = JSON.readTree(health.body()).get("index");
            assertThat(index.get("state").textValue()).isEqualTo("unreachable");
            assertThat(index.get("lastError").textValue()).contains("OpenSearch");
        }
    }

    @Test
    void aPaperPageOutlivesAFailingIndexAndTheFailureIsLogged() {
        Logger log = (Logger) LoggerFactory.getLogger(PaperPages.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (Paperboy paperboy = Paperboy.open(settings()); WebServer server = WebServer.start(paperboy)) {
            paperboy.catalog().upsert(List.of(paper()));
            paperboy.indexSync().catchUp(seq -> {});
            paperboy.searchIndex().close();

            HttpResponse<String> page = new WebClient(server.port()).get("/papers/2502.01234");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Zeolite catalysts");
            assertThat(logged.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("2502.01234").contains("without similar papers");
                assertThat(event.getThrowableProxy()).isNotNull();
            });
        } finally {
            log.detachAppender(logged);
        }
    }

    private Settings settings() {
        return Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none");
    }

    private static Paper paper() {
        return new Paper(new PaperId("2502.01234"), 1, "Zeolite catalysts, revisited", "Porous minerals.",
                List.of("A. Chemist"), List.of("cond-mat.mtrl-sci"), null, null, null, null, null, null, null);
    }

    /** /healthz once it answers as {@code wanted} (the follower works in the background), within 15 s. */
    private static HttpResponse<String> await(WebClient web, Predicate<HttpResponse<String>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> response = web.get("/healthz");
        while (!wanted.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = web.get("/healthz");
        }
        assertThat(wanted).as("/healthz answered %s: %s", response.statusCode(), response.body()).accepts(response);
        return response;
    }

    private static void execute(Paperboy paperboy, String sql) {
        paperboy.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        });
    }
}
