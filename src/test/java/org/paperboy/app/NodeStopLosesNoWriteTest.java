package org.paperboy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.ApiTokens;
import org.paperboy.community.Comment;
import org.paperboy.community.Comments;
import org.paperboy.community.Members;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;
import org.paperboy.testing.ServeProcess;
import org.paperboy.testing.TestPapers;

/**
 * Two {@code paperboy serve} processes on one PostgreSQL taking comments from API clients: one is killed with SIGKILL
 * in the middle of the traffic, and every comment that got its 201 is there, as the other node serves it; then the
 * other is stopped with SIGTERM in the middle of its traffic, and every comment it acknowledged is in the store.
 */
class NodeStopLosesNoWriteTest {

    private static final String PAPER = "2401.00001";
    private static final int CLIENTS = 6;
    /** Members per client: each may comment ten times in five minutes on each node. */
    private static final int MEMBERS_PER_CLIENT = 10;
    /** Between a client's requests: steady traffic, within the members' limits. */
    private static final long PAUSE_MILLIS = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommentSurvivesAKilledNodeAndAStoppedOne() throws Exception {
        String url = PostgresServer.newDatabaseUrl();
        Map<String, String> environment = Map.of("PAPERBOY_DATABASE_URL", url, "PAPERBOY_DATABASE_USER", "postgres",
                "PAPERBOY_EMBEDDING_PROVIDER", "none");
        try (ServeProcess a = ServeProcess.start(dir.resolve("a"), environment);
             ServeProcess b = ServeProcess.start(dir.resolve("b"), environment)) {
            int portA = a.awaitPort();
            int portB = b.awaitPort();
            try (Database store = Database.open(url, "postgres", null)) {
                new Catalog(store).upsert(List.of(TestPapers.paper(PAPER)));
                Traffic first = new Traffic(tokens(store, "first"), List.of(portA, portB));
                first.runFor(Duration.ofMillis(1_500));
                a.kill();
                first.runFor(Duration.ofMillis(500));
                first.stop();
                assertThat(first.unanswered).as("requests to the killed node went unanswered").isPositive();
                String servedByB = get(portB, "/api/papers/" + PAPER + "/comments");
                for (String body : first.acknowledged) {
                    assertThat(servedByB).as("acknowledged before the kill, served by the other node")
                            .contains("\"body\":\"" + body + "\"");
                }

                Traffic second = new Traffic(tokens(store, "second"), List.of(portB));
                second.runFor(Duration.ofMillis(1_000));
                Thread stopping = Thread.ofPlatform().start(() -> {
                    try {
                        b.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                second.runFor(Duration.ofMillis(1_500));
                second.stop();
                stopping.join();
                Set<String> stored = new java.util.HashSet<>();
                for (Comment comment : new Comments(store).comments(new PaperId(PAPER))) {
                    stored.add(comment.body());
                }
                assertThat(stored).as("every acknowledged comment").containsAll(first.acknowledged)
                        .containsAll(second.acknowledged);
                assertThat(second.unanswered).as("requests after the stop went unanswered").isPositive();
                assertThat(first.acknowledged).hasSizeGreaterThan(CLIENTS * 5);
                assertThat(second.acknowledged).hasSizeGreaterThan(CLIENTS * 5);
            }
        }
    }

    /** API tokens of new members, {@link #MEMBERS_PER_CLIENT} for each client. */
    private static List<String> tokens(Database store, String phase) {
        Members members = new Members(store);
        ApiTokens tokens = new ApiTokens(store);
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < CLIENTS * MEMBERS_PER_CLIENT; i++) {
            User member = members.createUser(phase + "-" + i, "Writer " + i, null, "not a password hash", Role.MEMBER);
            secrets.add(tokens.create(member, "load").secret());
        }
        return secrets;
    }

    private static String get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Clients posting comments, each to the nodes in turn; records the bodies acknowledged with a 201. */
    private static final class Traffic {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final AtomicInteger unansweredCount = new AtomicInteger();
        /** Requests that got no answer (the node was gone, or went during the request), once stopped. */
        int unanswered;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Thread> clients = new ArrayList<>();
        private static final AtomicInteger RUNS = new AtomicInteger();

        Traffic(List<String> tokens, List<Integer> ports) {
            int run = RUNS.incrementAndGet();
            for (int c = 0; c < CLIENTS; c++) {
                List<String> mine = tokens.subList(c * MEMBERS_PER_CLIENT, (c + 1) * MEMBERS_PER_CLIENT);
                String name = "run" + run + "-client" + c;
                clients.add(Thread.ofPlatform().name(name).start(() -> post(name, mine, ports)));
            }
        }

        private void post(String name, List<String> tokens, List<Integer> ports) {
            for (int n = 0; !stopped.get(); n++) {
                String body = name + "-comment" + n;
                int port = ports.get(n % ports.size());
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/papers/" + PAPER + "/comments"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + tokens.get(n / ports.size() % tokens.size()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"" + body + "\"}")).build();
                try {
                    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 201) {
                        acknowledged.add(body);
                    }
                    Thread.sleep(PAUSE_MILLIS);
                } catch (java.io.IOException e) {
                    unansweredCount.incrementAndGet(); // the node went away: not acknowledged
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void runFor(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            for (Thread client : clients) {
                client.join();
            }
            unanswered = unansweredCount.get();
        }
    }
}
