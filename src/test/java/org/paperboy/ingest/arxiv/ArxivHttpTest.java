package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;

/** The polite client against a real loopback server that misbehaves the ways arXiv and the network do. */
class ArxivHttpTest {

    private static final ArxivHttp.BodyReader<String> TEXT = body -> new String(body.readAllBytes(), StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private Database database;
    private ArxivServer arxiv;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
        arxiv = ArxivServer.start();
    }

    @AfterEach
    void close() {
        arxiv.close();
        database.close();
    }

    private ArxivHttp client(ArxivHttp.Options options) {
        Settings settings = Settings.defaults().with(Settings.Key.ARXIV_CONTACT, "ops@example.org");
        return ArxivHttp.open(database, settings, options);
    }

    private URI uri() {
        return URI.create(arxiv.baseUrl() + "/oai?verb=Identify");
    }

    @Test
    void identifiesTheSiteAndItsOperator() throws Exception {
        arxiv.enqueue(Reply.xml("<ok/>"));

        assertThat(client(OaiHarvesterTest.quick()).get(uri(), TEXT)).isEqualTo("<ok/>");

        assertThat(arxiv.requests().getFirst().headers().get("user-agent"))
                .startsWith("Paperboy/").contains("mailto:ops@example.org");
    }

    @Test
    void waitsAsLongAsRetryAfterAsksOn503And429() throws Exception {
        arxiv.enqueue(Reply.status(503, Map.of("Retry-After", "2"), "<html>down for maintenance</html>"),
                Reply.status(429, Map.of("Retry-After", "1"), "Rate exceeded"), Reply.xml("<ok/>"));
        ArxivHttp http = client(OaiHarvesterTest.quick());

        assertThat(http.get(uri(), TEXT)).isEqualTo("<ok/>");

        List<ArxivServer.Request> requests = arxiv.requests();
        assertThat(requests).hasSize(3);
        assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(Duration.between(requests.get(1).receivedAt(), requests.get(2).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(http.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(http.requests()).isEqualTo(3);
    }

    @Test
    void aRetryAfterBeyondTheBoundEndsTheCallAtOnce() {
        arxiv.enqueue(Reply.status(503, Map.of("Retry-After", "86400"), "back tomorrow"));

        assertThatThrownBy(() -> client(OaiHarvesterTest.quick()).get(uri(), TEXT)).isInstanceOf(ArxivUnavailableException.class)
                .hasMessageContaining("503").hasMessageContaining("asked to wait 86400 s");
        assertThat(arxiv.requests()).hasSize(1);
    }

    @Test
    void aResetConnectionAndABodyCutOffAreTriedAgain() throws Exception {
        arxiv.enqueue(Reply.reset(), Reply.cutOff("<OAI-PMH>" + "x".repeat(10_000) + "</OAI-PMH>", 100), Reply.xml("<ok/>"));

        assertThat(client(OaiHarvesterTest.quick()).get(uri(), TEXT)).isEqualTo("<ok/>");
        assertThat(arxiv.requests()).hasSize(3);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndTheCallFailsWithAReason() {
        arxiv.route(request -> Reply.hang());
        long start = System.nanoTime();

        assertThatThrownBy(() -> client(OaiHarvesterTest.quick()).get(uri(), TEXT)).isInstanceOf(ArxivUnavailableException.class)
                .hasMessageContaining("did not answer in time").hasMessageContaining("tries again later");

        assertThat(arxiv.requests()).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aClientErrorIsFinal() {
        arxiv.enqueue(Reply.status(404, Map.of(), "<html><h1>Not Found</h1></html>"));

        assertThatThrownBy(() -> client(OaiHarvesterTest.quick()).get(uri(), TEXT)).isInstanceOf(ArxivUnavailableException.class)
                .hasMessageContaining("404").hasMessageContaining("Not Found");
        assertThat(arxiv.requests()).hasSize(1);
    }

    @Test
    void whatTheReaderRefusesIsNotTriedAgain() {
        arxiv.enqueue(Reply.xml("<broken"));
        ArxivHttp.BodyReader<String> refusing = body -> {
            body.readAllBytes();
            throw new OaiResponseException("malformed response");
        };

        assertThatThrownBy(() -> client(OaiHarvesterTest.quick()).get(uri(), refusing)).isInstanceOf(OaiResponseException.class);
        assertThat(arxiv.requests()).hasSize(1);
    }

    @Test
    void theDeadlineBoundsTheWholeCallRetriesIncluded() {
        arxiv.route(request -> Reply.status(503, Map.of(), "busy"));
        ArxivHttp.Options patient = new ArxivHttp.Options(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                50, Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(2));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client(patient).get(uri(), TEXT)).isInstanceOf(ArxivUnavailableException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void twoClientsOnOneStoreTakeTurnsAnIntervalApart() throws Exception {
        arxiv.route(request -> Reply.xml("<ok/>"));
        ArxivHttp.Options spaced = OaiHarvesterTest.quick().withInterval(Duration.ofMillis(300));
        ArxivHttp first = client(spaced);
        ArxivHttp second = client(spaced); // another process on the same store: only the database is shared
        try (var threads = Executors.newFixedThreadPool(2)) {
            List<Future<?>> runs = List.of(
                    threads.submit(() -> repeat(first, 4)), threads.submit(() -> repeat(second, 4)));
            for (Future<?> run : runs) {
                run.get();
            }
        }

        List<ArxivServer.Request> requests = arxiv.requests();
        assertThat(requests).hasSize(8);
        for (int i = 1; i < requests.size(); i++) {
            assertThat(Duration.between(requests.get(i - 1).receivedAt(), requests.get(i).receivedAt()))
                    .as("gap before request %d", i).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void readsRetryAfterAsAnHttpDate() {
        ArxivHttp http = new ArxivHttp(null, "test", OaiHarvesterTest.quick(),
                Clock.fixed(java.time.Instant.parse("2026-11-30T12:00:00Z"), java.time.ZoneOffset.UTC));

        assertThat(http.retryAfter("Mon, 30 Nov 2026 12:01:30 GMT")).isEqualTo(Duration.ofSeconds(90));
        assertThat(http.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(http.retryAfter("soon")).isNull();
    }

    private Void repeat(ArxivHttp http, int times) throws IOException, InterruptedException {
        for (int i = 0; i < times; i++) {
            http.get(uri(), InputStream::readAllBytes);
        }
        return null;
    }
}
