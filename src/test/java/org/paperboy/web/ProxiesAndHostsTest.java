package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Behind a reverse proxy: whose X-Forwarded-For the server believes, and that absolute links come from
 * {@code http.public-url}, never from what a client sends. Two real servers: one whose configured proxy is elsewhere
 * (so this test, on loopback, is an untrusted client) and one behind a proxy on loopback, the default.
 */
class ProxiesAndHostsTest {

    private static final String PUBLIC_URL = "https://papers.example.org";

    @TempDir
    static Path proxyElsewhereDir;
    @TempDir
    static Path proxyOnLoopbackDir;

    private static Paperboy proxyElsewhere;
    private static Paperboy proxyOnLoopback;
    private static WebServer proxyElsewhereServer;
    private static WebServer proxyOnLoopbackServer;

    @BeforeAll
    static void start() {
        proxyElsewhere = Paperboy.open(settings(proxyElsewhereDir)
                .with(Settings.Key.HTTP_TRUSTED_PROXIES, "192.0.2.10, 198.51.100.0/24")
                .with(Settings.Key.HTTP_PUBLIC_URL, PUBLIC_URL + "/"));
        proxyElsewhere.catalog().upsert(List.of(new Paper(new PaperId("2503.11731"), 1, "A paper", "An abstract.",
                List.of("Ada Lovelace"), List.of("cs.LG"), null, null, null, null, null, null, LocalDate.of(2025, 3, 18))));
        proxyElsewhereServer = WebServer.start(proxyElsewhere);
        proxyOnLoopback = Paperboy.open(settings(proxyOnLoopbackDir));
        proxyOnLoopbackServer = WebServer.start(proxyOnLoopback);
    }

    private static Settings settings(Path dataDir) {
        return Settings.defaults()
                .with(Settings.Key.DATA_DIR, dataDir.toString())
                .with(Settings.Key.HTTP_PORT, "0")
                .with(Settings.Key.EMBEDDING_PROVIDER, "none")
                .with(Settings.Key.HTTP_BEHIND_PROXY, "true");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {proxyElsewhereServer, proxyElsewhere, proxyOnLoopbackServer,
                proxyOnLoopback}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aClientThatIsNotOurProxyCannotChooseItsAddress() {
        List<Integer> statuses = signUps(proxyElsewhereServer, "forger", n -> "203.0.113." + n);

        assertThat(statuses.subList(0, RateLimits.Action.SIGN_UP.capacity)).containsOnly(303);
        assertThat(statuses.subList(RateLimits.Action.SIGN_UP.capacity, statuses.size())).containsOnly(429);
    }

    @Test
    void theClientIsTheAddressOurProxyAddedNotTheLeftmost() {
        // What the client sent, then what our proxy appended: the address it saw, the same each time.
        List<Integer> statuses = signUps(proxyOnLoopbackServer, "chained", n -> "203.0.113." + n + ", 192.0.2.77");

        assertThat(statuses.subList(0, RateLimits.Action.SIGN_UP.capacity)).containsOnly(303);
        assertThat(statuses.subList(RateLimits.Action.SIGN_UP.capacity, statuses.size())).containsOnly(429);
    }

    @Test
    void theNearestUntrustedAddressIsTheClient() {
        TrustedProxies proxies = new TrustedProxies(List.of("127.0.0.0/8", "10.1.0.0/16", "fd00::/8"));

        assertThat(proxies.client(List.of("6.6.6.6", "192.0.2.77", "10.1.2.3", "127.0.0.1"))).isEqualTo("192.0.2.77");
        assertThat(proxies.client(List.of("6.6.6.6", "2001:db8::1", "[fd00::5]:443"))).isEqualTo("2001:db8::1");
        assertThat(proxies.client(List.of("10.1.9.9", "127.0.0.1"))).as("only proxies: the farthest").isEqualTo("10.1.9.9");
        assertThat(proxies.client(List.of("6.6.6.6", "not-an-address"))).isEqualTo("not-an-address");
    }

    @Test
    void feedLinksComeFromThePublicUrlNotTheHostHeader() throws IOException {
        String feed = rawGet(proxyElsewhereServer, "/feeds/daily.atom?date=2025-03-18",
                "Host: evil.example", "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: http");

        assertThat(feed).startsWith("HTTP/1.1 200").doesNotContain("evil.example")
                .contains("<link rel=\"alternate\" href=\"" + PUBLIC_URL + "/daily?date=2025-03-18\"")
                .contains("<id>" + PUBLIC_URL + "/papers/2503.11731</id>");
        List<String> links = new ArrayList<>();
        Matcher href = Pattern.compile("href=\"([^\"]+)\"").matcher(feed);
        while (href.find()) {
            links.add(href.group(1));
        }
        assertThat(links).isNotEmpty().allSatisfy(link -> assertThat(link).startsWith(PUBLIC_URL + "/"));
    }

    /** Sign-ups, each from a fresh browser whose requests carry the X-Forwarded-For given for it. */
    private static List<Integer> signUps(WebServer server, String prefix, java.util.function.IntFunction<String> forwardedFor) {
        List<Integer> statuses = new ArrayList<>();
        for (int n = 0; n < RateLimits.Action.SIGN_UP.capacity + 2; n++) {
            WebClient client = new WebClient(server.port(), forwardedFor.apply(n));
            statuses.add(client.signUp(prefix + n, "correct horse battery").statusCode());
        }
        return statuses;
    }

    /** A GET over a socket of our own: Java's HTTP client will not send a Host header of our choosing. */
    private static String rawGet(WebServer server, String path, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\n" + String.join("\r\n", headers) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
