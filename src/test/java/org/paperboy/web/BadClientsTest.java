package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.slf4j.LoggerFactory;

/**
 * Clients that misbehave on purpose or by accident, against a real server with few request threads: bodies that
 * trickle in a byte at a time, and clients that leave in the middle of a request.
 */
class BadClientsTest {

    private static final int THREADS = 8;
    /** A login form that says it is 100 kB long, and its first bytes. */
    private static final String SLOW_LOGIN = "POST /login HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ncsrf=x&username=";

    @TempDir
    Path dataDir;

    @Test
    void bodiesTricklingInOnEveryThreadLeaveTheServerAnswering() throws Exception {
        // No minimum rate: the bodies keep coming for as long as the test wants, so only not waiting for them helps.
        try (Paperboy paperboy = Paperboy.open(settings("0")); WebServer server = WebServer.start(paperboy);
             Trickle trickle = new Trickle(server, 2 * THREADS, Duration.ofMillis(500))) {
            paperboy.warmUp();
            trickle.waitUntilSent();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String path : List.of("/healthz", "/daily")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void aBodySlowerThanTheMinimumRateIsCutOffWith408() throws Exception {
        try (Paperboy paperboy = Paperboy.open(settings("1000")); WebServer server = WebServer.start(paperboy);
             Trickle trickle = new Trickle(server, 1, Duration.ofMillis(200))) {
            trickle.waitUntilSent();

            String answer = trickle.answerOfFirst(Duration.ofSeconds(15));

            assertThat(answer).startsWith("HTTP/1.1 408 ");
        }
    }

    @Test
    void aClientThatLeavesInTheMiddleOfARequestIsNoError() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try (Paperboy paperboy = Paperboy.open(settings("256")); WebServer server = WebServer.start(paperboy)) {
            paperboy.warmUp();
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    send(socket, SLOW_LOGIN + "ada");
                    Thread.sleep(200);
                }
            }
            // A request after them, answered once they have been dealt with.
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            root.detachAppender(events);
        }
        assertThat(events.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    private Settings settings(String minBodyRate) {
        return Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.HTTP_THREADS, Integer.toString(THREADS))
                .with(Settings.Key.HTTP_MIN_BODY_RATE, minBodyRate);
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Connections that each start {@link #SLOW_LOGIN} and then send one more byte every so often. */
    private static final class Trickle implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final Thread sender;
        private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

        Trickle(WebServer server, int connections, Duration interval) throws IOException {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                sockets.add(socket);
                send(socket, SLOW_LOGIN);
            }
            sender = Thread.ofPlatform().daemon().start(() -> {
                started.countDown();
                while (!Thread.currentThread().isInterrupted()) {
                    for (Socket socket : sockets) {
                        try {
                            send(socket, "a");
                        } catch (IOException closedByTheServer) {
                            // expected once it has given up on this body
                        }
                    }
                    try {
                        Thread.sleep(interval);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void waitUntilSent() throws InterruptedException {
            started.await();
            Thread.sleep(500); // the server has read every request's head and is waiting for the bodies
        }

        /** What the server answered on the first connection, read until it closes it (or the time runs out). */
        String answerOfFirst(Duration within) throws IOException {
            Socket socket = sockets.getFirst();
            socket.setSoTimeout((int) within.toMillis());
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            sender.interrupt();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
