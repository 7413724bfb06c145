package org.paperboy.search.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of basic authentication and of answers that are not what OpenSearch sends, against a loopback HTTP
 * server that asks for credentials the way a secured cluster does.
 */
class OpenSearchHttpTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String expected = "Basic " + Base64.getEncoder().encodeToString("paperboy:s3cret".getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> {
            String given = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(given));
            byte[] body;
            int status;
            if (!expected.equals(given)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"OpenSearch Security\"");
                status = 401;
                body = "{\"error\":{\"type\":\"security_exception\",\"reason\":\"missing authentication\"},\"status\":401}"
                        .getBytes(StandardCharsets.UTF_8);
            } else if (exchange.getRequestURI().getPath().equals("/timed/_search")) {
                status = 200;
                body = "{\"took\":7,\"hits\":{\"hits\":[]}}".getBytes(StandardCharsets.UTF_8);
            } else if (exchange.getRequestURI().getPath().equals("/garbled/_count")) {
                status = 200;
                body = "<html>a proxy's error page</html>".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = "{\"count\":7}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OpenSearchConfig config(String user, String password) {
        URI host = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new OpenSearchConfig(List.of(host), user, password, null, "paperboy", 1, 0);
    }

    @Test
    void credentialsAreSentWhenTheClusterAsksForThem() {
        try (OpenSearchHttp http = new OpenSearchHttp(config("paperboy", "s3cret"))) {
            assertThat(http.call("POST", "/paperboy/_count", "{}").path("count").asLong()).isEqualTo(7);
        }
        assertThat(authorizations).last().asString().startsWith("Basic ");
    }

    @Test
    void wrongOrMissingCredentialsAreAClearError() {
        try (OpenSearchHttp http = new OpenSearchHttp(config("paperboy", "wrong"))) {
            // the client answers the challenge once; refused again, the transport gives up
            assertThatThrownBy(() -> http.call("POST", "/paperboy/_count", "{}"))
                    .hasMessageContaining("POST /paperboy/_count failed").hasMessageContaining("Unauthorized");
        }
        try (OpenSearchHttp http = new OpenSearchHttp(config("", ""))) {
            assertThatThrownBy(() -> http.call("POST", "/paperboy/_count", "{}"))
                    .hasMessageContaining("POST /paperboy/_count failed").hasMessageContaining("Unauthorized");
        }
    }

    @Test
    void anAnswerThatIsNotJsonIsAClearError() {
        try (OpenSearchHttp http = new OpenSearchHttp(config("paperboy", "s3cret"))) {
            assertThatThrownBy(() -> http.call("POST", "/garbled/_count", "{}"))
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void aListenerIsToldOfEachRequestWithItsRoundTripAndOpenSearchsOwnTime() {
        List<OpenSearchExchange> seen = new CopyOnWriteArrayList<>();
        try (OpenSearchHttp http = new OpenSearchHttp(config("paperboy", "s3cret"))) {
            http.call("POST", "/timed/_search", "{\"size\":0}");
            http.listen(seen::add);
            http.call("POST", "/timed/_search", "{\"size\":1}");
            http.ndjson("/_msearch", "{}\n".getBytes(StandardCharsets.UTF_8));
            http.listen(null);
            http.call("POST", "/timed/_search", "{\"size\":2}");
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.getFirst()).satisfies(e -> {
            assertThat(e.endpoint()).isEqualTo("/timed/_search");
            assertThat(e.body()).isEqualTo("{\"size\":1}");
            assertThat(e.tookMillis()).isEqualTo(7);
            assertThat(e.roundTripNanos()).isPositive();
            assertThat(e.parseNanos()).isPositive();
        });
        assertThat(seen.getLast()).satisfies(e -> {
            assertThat(e.body()).isEqualTo("{}\n");
            assertThat(e.tookMillis()).as("an answer without took").isEqualTo(-1);
        });
    }
}
