package org.paperboy.search.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several configured hosts, the first of them dead: the client's transport sends each request to the next host when
 * one cannot be reached, and leaves a host it found dead out of the next requests, so that searches go on answering
 * and only the request that found the host dead waits for it. Against loopback stand-ins: a live node, a closed port
 * (a stopped node: refused at once) and a port whose queue of connections is full (a machine that is gone: nothing
 * answers, the connection times out).
 */
class OpenSearchFailoverTest {

    private static final int CALLS = 20;

    private HttpServer live;
    private final AtomicInteger answered = new AtomicInteger();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        live = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        live.createContext("/", exchange -> {
            answered.incrementAndGet();
            byte[] body = "{\"count\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        live.start();
    }

    @AfterEach
    void stop() throws Exception {
        live.stop(0);
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void aStoppedFirstHostCostsNoSearchAWait() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        List<Duration> took = calls(List.of(URI.create("http://127.0.0.1:" + closed), liveUri()));
        // the first call also loads the client's classes
        assertThat(took).allSatisfy(call -> assertThat(call).isLessThan(Duration.ofSeconds(1)));
    }

    @Test
    void aHostThatIsGoneCostsOnlyTheFirstRequestThatFindsItAWait() throws Exception {
        List<Duration> took = calls(List.of(blackHole(), liveUri()));
        // the first call waits for the connection until it times out, then asks the live host
        assertThat(took.getFirst()).isLessThan(Duration.ofSeconds(8));
        assertThat(took.subList(1, took.size())).allSatisfy(call -> assertThat(call).isLessThan(Duration.ofMillis(500)));
    }

    /** {@value #CALLS} counts through a client of these hosts; each answers, and how long each took. */
    private List<Duration> calls(List<URI> hosts) {
        List<Duration> took = new ArrayList<>();
        try (OpenSearchHttp http = new OpenSearchHttp(OpenSearchConfig.of(hosts, "papers", 1, 0))) {
            for (int i = 0; i < CALLS; i++) {
                long start = System.nanoTime();
                assertThat(http.call("POST", "/papers/_count", null).path("count").asInt()).as("call %d", i).isEqualTo(7);
                took.add(Duration.ofNanos(System.nanoTime() - start));
            }
        }
        assertThat(answered).hasValue(CALLS);
        return took;
    }

    private URI liveUri() {
        return URI.create("http://127.0.0.1:" + live.getAddress().getPort());
    }

    /** A listening port that accepts nothing, its queue filled: new connections get no answer at all. */
    private URI blackHole() throws Exception {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        opened.add(socket);
        for (int i = 0; i < 4; i++) {
            Socket filler = new Socket();
            opened.add(filler);
            try {
                filler.connect(socket.getLocalSocketAddress(), 200);
            } catch (java.io.IOException full) {
                break; // the queue is full: this is what the client will meet
            }
        }
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
}
