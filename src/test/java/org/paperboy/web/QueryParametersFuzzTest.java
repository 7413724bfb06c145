package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import org.paperboy.config.Settings;
import org.slf4j.LoggerFactory;

/**
 * Fuzzes the query parameters of the read-only pages and APIs (dates, weeks, months, pages, limits, sorts, modes,
 * categories, ids) over a real server: whatever a client asks, the answer is a page or a 4xx that says what is wrong,
 * never a 500. The input is one request line, {@code /daily?week=2025-W12}; a path that is none of the server's
 * GET routes is mapped onto one, and each parameter name and value is sent URL-encoded. Seeds:
 * {@code QueryParametersFuzzTestInputs/}; fuzzed by {@code bench/fuzz.sh}.
 */
class QueryParametersFuzzTest {

    private static final List<String> ROUTES = List.of("/", "/daily", "/trending", "/api/daily_papers", "/search",
            "/api/papers/search", "/feeds/daily.atom", "/feeds/trending.atom", "/feeds/search.atom", "/papers/{}",
            "/api/papers/{}", "/api/papers/{}/similar", "/api/papers/{}/comments", "/users/{}", "/submit", "/login",
            "/signup");
    private static final List<Pattern> ROUTE_PATTERNS = ROUTES.stream()
            .map(r -> Pattern.compile(Pattern.quote(r).replace("{}", "\\E[^/]+\\Q"))).toList();
    private static final LocalDate DAY = LocalDate.of(2025, 3, 18);

    private static Path dataDir;
    private static Paperboy paperboy;
    private static WebServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** What the server logs, for the exception behind a 500. */
    private static final ListAppender<ILoggingEvent> SERVER_LOG = new ListAppender<>();

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("paperboy-fuzz");
        paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0").with(Settings.Key.EMBEDDING_PROVIDER, "none"));
        paperboy.catalog().upsert(List.of(paper("2503.10001", DAY), paper("2503.10002", DAY),
                paper("2503.10003", DAY.plusDays(1))));
        User ada = paperboy.members().createUser("ada", "Ada Lovelace", null, "hash", Role.MEMBER);
        paperboy.feed().submit(ada.id(), new PaperId("2503.10001"), DAY);
        paperboy.votes().toggleUpvote(ada.id(), new PaperId("2503.10001"));
        paperboy.comments().addComment(ada.id(), new PaperId("2503.10001"), null,
                "Great *work*, see <https://arxiv.org>.");
        server = WebServer.start(paperboy);
        SERVER_LOG.start();
        ((Logger) LoggerFactory.getLogger(WebServer.class)).addAppender(SERVER_LOG);
    }

    @AfterAll
    static void stop() throws IOException {
        ((Logger) LoggerFactory.getLogger(WebServer.class)).detachAppender(SERVER_LOG);
        server.close();
        paperboy.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest
    @DictionaryEntries({"date=", "week=", "month=", "page=", "p=", "limit=", "offset=", "sort=", "mode=", "cat=",
            "from=", "to=", "q=", "submitter=", "next=", "&", "-W", "-01", "+999999999", "-999999999", "9999",
            "trending", "upvotes", "published", "keyword", "semantic", "hybrid", "cs.CL", "2503.10001"})
    void answersEveryQueryWithoutAServerError(@NotNull byte[] bytes) throws Exception {
        // The fuzz test talks to its own server on loopback, which Jazzer's request-forgery detector would flag.
        BugDetectors.allowNetworkConnections((host, port) -> port == server.port());
        String line = new String(bytes, StandardCharsets.UTF_8).strip();
        int question = line.indexOf('?');
        String path = route(question < 0 ? line : line.substring(0, question));
        String query = question < 0 ? "" : encodedQuery(line.substring(question + 1));
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path + (query.isEmpty() ? "" : "?" + query));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            throw serverError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        if (response.statusCode() == 400) {
            assertThat(response.body()).as("GET %s", uri).isNotBlank();
        }
    }

    /**
     * The failure, with the stack of the exception the server logged for it: Jazzer tells findings apart by their
     * stacks, and every failed assertion here would otherwise look like one and the same finding.
     */
    private static AssertionError serverError(String what) {
        Throwable cause = null;
        synchronized (SERVER_LOG) {
            for (ILoggingEvent event : SERVER_LOG.list) {
                if (event.getThrowableProxy() instanceof ThrowableProxy proxy) {
                    cause = proxy.getThrowable();
                }
            }
            SERVER_LOG.list.clear();
        }
        AssertionError error = new AssertionError(what, cause);
        if (cause != null) {
            error.setStackTrace(cause.getStackTrace());
        }
        return error;
    }

    /** The path when it is one of the routes, else the route its text hashes to, with its id segment encoded. */
    private static String route(String path) {
        for (Pattern route : ROUTE_PATTERNS) {
            if (route.matcher(path).matches()) {
                return Arrays.stream(path.split("/", -1)).map(QueryParametersFuzzTest::encode)
                        .collect(Collectors.joining("/"));
            }
        }
        return ROUTES.get(Math.floorMod(path.hashCode(), ROUTES.size())).replace("{}", "2503.10001");
    }

    private static String encodedQuery(String query) {
        return Arrays.stream(query.split("&")).filter(p -> !p.isEmpty()).map(parameter -> {
            int equals = parameter.indexOf('=');
            return equals < 0 ? encode(parameter)
                    : encode(parameter.substring(0, equals)) + "=" + encode(parameter.substring(equals + 1));
        }).collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Paper paper(String id, LocalDate announced) {
        return new Paper(new PaperId(id), 1, "Paper " + id, "About " + id + ".", List.of("Ada Lovelace"),
                List.of("cs.CL"), null, null, null, null, Instant.parse("2025-03-14T12:00:00Z"), null, announced);
    }
}
