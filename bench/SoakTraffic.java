import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of bench/soak.sh (run as a source file: {@code java bench/SoakTraffic.java BASE_URL SECONDS
 * CONNECTIONS SLOW_CONNECTIONS}). CONNECTIONS visitors each send one request after another, as wrk's connections do:
 * reads (daily feeds, paper pages, trending, Atom feeds), searches (API, page and feed, every mode), and as members
 * sign-ups, logins, votes and comments, with their session cookie and CSRF token. Each visitor has an address of its
 * own (X-Forwarded-For; the server runs with http.behind-proxy=true), so per-client rate limits apply per visitor.
 * At the same time SLOW_CONNECTIONS sockets trickle a login form: Content-Length 100000, one byte every few seconds.
 * Prints a table per route; 429 (rate limited) is counted apart from errors (5xx, failed connections, timeouts).
 */
public final class SoakTraffic {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern PAPER_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern PUBLISHED = Pattern.compile("\"publishedAt\":\"(\\d{4}-\\d{2}-\\d{2})");
    private static final List<String> QUERIES = List.of("graph neural networks",
            "diffusion models for image generation",
            "large language model reasoning", "\"reinforcement learning\" robot -survey", "ti:transformer cat:cs.CV",
            "federated learning privacy", "retrieval augmented generation", "au:wang speech recognition");
    private static final List<String> MODES = List.of("keyword", "semantic", "hybrid");
    private static final List<String> COMMENTS = List.of("Nice result, see [the appendix](https://arxiv.org/).",
            "> the main claim\n\nDoes it hold for *small* models too?", "Code:\n\n```python\nprint('hi')\n```",
            "- one\n- two\n\nThanks!", "How does this compare to <https://example.org/related>?");
    private static final long SLOW_BYTE_INTERVAL_MS = 3_000;

    private final String base;
    private final long deadline;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<String> paperIds = new ArrayList<>();
    private final List<String> days = new ArrayList<>();
    private final AtomicLong slowOpened = new AtomicLong();
    private final Map<String, AtomicLong> slowEndings = new ConcurrentHashMap<>();

    private SoakTraffic(String base, long deadline) {
        this.base = base;
        this.deadline = deadline;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java bench/SoakTraffic.java BASE_URL SECONDS CONNECTIONS SLOW_CONNECTIONS");
            System.exit(2);
        }
        int seconds = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        int slow = Integer.parseInt(args[3]);
        SoakTraffic soak = new SoakTraffic(args[0], System.nanoTime() + seconds * 1_000_000_000L);
        soak.collectPapers();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < slow; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().name("slow-" + i).start(() -> soak.trickle(n)));
        }
        for (int i = 0; i < connections; i++) {
            Visitor visitor = soak.new Visitor(i);
            threads.add(Thread.ofPlatform().name("visitor-" + i).start(visitor::run));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.exit(soak.report(seconds) ? 0 : 1);
    }

    /** Paper ids and days to visit, from the server itself. */
    private void collectPapers() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String q : List.of("learning", "model", "network")) {
            URI uri = URI.create(base + "/api/papers/search?mode=keyword&limit=100&q=" + q);
            String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher id = PAPER_ID.matcher(body);
            while (id.find()) {
                if (!paperIds.contains(id.group(1))) {
                    paperIds.add(id.group(1));
                }
            }
            Matcher day = PUBLISHED.matcher(body);
            while (day.find()) {
                if (!days.contains(day.group(1))) {
                    days.add(day.group(1));
                }
            }
        }
        if (paperIds.isEmpty() || days.isEmpty()) {
            throw new IllegalStateException("the server's search found no papers to visit");
        }
    }

    private boolean running() {
        return System.nanoTime() < deadline;
    }

    /** One visitor: its own cookies, address and account; one request at a time. */
    private final class Visitor {
        private final int number;
        private final String address;
        private final String username;
        private final String password = "soak-password-1";
        private final HttpClient http;
        private String csrf;
        private boolean member;
        private int signUps;

        Visitor(int number) {
            this.number = number;
            this.address = "10.77." + number / 250 + "." + (1 + number % 250);
            this.username = "soak" + ProcessHandle.current().pid() + "x" + number;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }

        void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running()) {
                int dice = random.nextInt(100);
                if (!member) {
                    signUp(username);
                } else if (dice < 12) {
                    get("daily", "/daily");
                } else if (dice < 20) {
                    get("daily-date", "/daily?date=" + pick(days));
                } else if (dice < 23) {
                    get("daily-week-month", random.nextBoolean() ? "/daily?month=" + pick(days).substring(0, 7)
                            : "/daily?week=" + isoWeek(pick(days)));
                } else if (dice < 38) {
                    get("paper", "/papers/" + pick(paperIds));
                } else if (dice < 43) {
                    get("trending", "/trending");
                } else if (dice < 47) {
                    get("feed", random.nextBoolean() ? "/feeds/daily.atom" : "/feeds/trending.atom");
                } else if (dice < 49) {
                    get("api-daily", "/api/daily_papers?limit=20");
                } else if (dice < 50) {
                    get("healthz", "/healthz");
                } else if (dice < 62) {
                    String mode = pick(MODES);
                    get("search-api-" + mode,
                            "/api/papers/search?limit=20&mode=" + mode + "&q=" + encode(pick(QUERIES)));
                } else if (dice < 72) {
                    String mode = pick(MODES);
                    get("search-page-" + mode, "/search?mode=" + mode + "&q=" + encode(pick(QUERIES)));
                } else if (dice < 74) {
                    get("feed-search", "/feeds/search.atom?q=" + encode(pick(QUERIES)));
                } else if (dice < 76) {
                    logIn();
                } else if (dice < 77) {
                    signUp(username + "s" + ++signUps);
                } else if (dice < 92) {
                    post("vote", "/papers/" + pick(paperIds) + "/upvote", Map.of("back", "/daily"));
                } else {
                    post("comment", "/papers/" + pick(paperIds) + "/comments", Map.of("body", pick(COMMENTS)));
                }
            }
        }

        private void signUp(String name) {
            get("signup-form", "/signup");
            int status = post("signup", "/signup", Map.of("username", name, "password", password));
            if (status == 303) {
                member = true;
                get("paper", "/papers/" + pick(paperIds)); // the session's CSRF token
            } else if (status == 429) {
                pause();
            }
        }

        private void logIn() {
            get("login-form", "/login");
            if (post("login", "/login", Map.of("username", username, "password", password)) == 303) {
                get("paper", "/papers/" + pick(paperIds));
            }
        }

        private int get(String route, String path) {
            HttpResponse<String> response = send(route, HttpRequest.newBuilder(URI.create(base + path)).GET());
            if (response != null) {
                Matcher m = CSRF.matcher(response.body());
                if (m.find()) {
                    csrf = m.group(1);
                }
            }
            return response == null ? -1 : response.statusCode();
        }

        private int post(String route, String path, Map<String, String> fields) {
            Map<String, String> form = new LinkedHashMap<>(fields);
            if (csrf != null) {
                form.put("csrf", csrf);
            }
            String body = String.join("&", form.entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).toList());
            HttpResponse<String> response = send(route, HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            return response == null ? -1 : response.statusCode();
        }

        private HttpResponse<String> send(String route, HttpRequest.Builder request) {
            Route stats = routes.computeIfAbsent(route, Route::new);
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request.header("X-Forwarded-For", address)
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                stats.record(response.statusCode(), System.nanoTime() - start);
                return response;
            } catch (IOException e) {
                stats.failed(e);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** A rate-limited visitor waits a little, as a person would, rather than spin on 429s. */
        private void pause() {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A slow client: a login form whose body arrives a byte at a time; when the server drops it, another comes. */
    private void trickle(int n) {
        URI uri = URI.create(base);
        while (running()) {
            long opened = System.nanoTime();
            String ending;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
                socket.setSoTimeout(1_000);
                slowOpened.incrementAndGet();
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("POST /login HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nX-Forwarded-For: 10.99.0." + (1 + n)
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nu")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                ending = "still open at the end";
                while (running()) {
                    String answer = answer(in);
                    if (answer != null) {
                        ending = answer;
                        break;
                    }
                    out.write('u');
                    out.flush();
                    Thread.sleep(SLOW_BYTE_INTERVAL_MS);
                }
            } catch (IOException e) {
                ending = "connection closed by the server";
            } catch (InterruptedException e) {
                return;
            }
            String lifetime = running() ? String.format(" (after %.0f s)", (System.nanoTime() - opened) / 1e9) : "";
            slowEndings.computeIfAbsent(ending + bucket(lifetime), k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** What the server said, if anything yet: its status line, or null while it waits. */
    private static String answer(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        try {
            int n = in.read(buffer);
            if (n < 0) {
                return "connection closed by the server";
            }
            String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            return "answered " + text.lines().findFirst().orElse("").replace("HTTP/1.1 ", "");
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
    }

    /** Lifetimes rounded to 10 s, so that endings group. */
    private static String bucket(String lifetime) {
        Matcher m = Pattern.compile("after (\\d+) s").matcher(lifetime);
        return m.find() ? " after ~" + Math.round(Integer.parseInt(m.group(1)) / 10.0) * 10 + " s" : lifetime;
    }

    /** Counts and latencies of one route. */
    private static final class Route {
        final String name;
        long ok;
        long limited;
        long otherClientErrors;
        long serverErrors;
        long failures;
        final Map<Integer, Long> statuses = new TreeMap<>();
        final Map<String, Long> failureKinds = new TreeMap<>();
        long[] latencies = new long[1024];
        int count;

        Route(String name) {
            this.name = name;
        }

        synchronized void record(int status, long nanos) {
            statuses.merge(status, 1L, Long::sum);
            if (status == 429) {
                limited++;
            } else if (status >= 500) {
                serverErrors++;
            } else if (status >= 400) {
                otherClientErrors++;
            } else {
                ok++;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        synchronized void failed(IOException e) {
            failures++;
            failureKinds.merge(e.getClass().getSimpleName(), 1L, Long::sum);
        }

        synchronized double percentileMs(double p) {
            if (count == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return sorted[(int) Math.min(count - 1, Math.ceil(p / 100 * count) - 1)] / 1e6;
        }
    }

    /** Prints the table and the totals; true when there were no errors. */
    private boolean report(int seconds) {
        System.out.println("| route | requests | ok (2xx/3xx) | 429 | other 4xx | 5xx | failed | p50 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        long requests = 0, limited = 0, clientErrors = 0, serverErrors = 0, failures = 0;
        for (Route r : new TreeMap<>(routes).values()) {
            long n = r.ok + r.limited + r.otherClientErrors + r.serverErrors + r.failures;
            System.out.printf("| %s | %d | %d | %d | %d | %d | %d | %.1f | %.1f |%n", r.name, n, r.ok, r.limited,
                    r.otherClientErrors, r.serverErrors, r.failures, r.percentileMs(50), r.percentileMs(99));
            requests += n;
            limited += r.limited;
            clientErrors += r.otherClientErrors;
            serverErrors += r.serverErrors;
            failures += r.failures;
        }
        System.out.printf("total: %d requests in %d s (%.0f/s), %d errors (%d 5xx, %d failed connections or timeouts), "
                        + "%d rate-limited (429), %d other 4xx%n", requests, seconds, requests / (double) seconds,
                serverErrors + failures, serverErrors, failures, limited, clientErrors);
        routes.values().stream().filter(r -> r.otherClientErrors + r.serverErrors + r.failures > 0).forEach(r ->
                System.out.println("  " + r.name + ": statuses " + r.statuses
                        + (r.failureKinds.isEmpty() ? "" : ", failures " + r.failureKinds)));
        System.out.println("slow clients: " + slowOpened.get() + " connections trickling a login form; how they ended: "
                + new TreeMap<>(slowEndings));
        System.out.println("RESULT " + requests + " " + (serverErrors + failures) + " " + serverErrors + " " + limited);
        return serverErrors + failures == 0;
    }

    private static String isoWeek(String day) {
        java.time.LocalDate date = java.time.LocalDate.parse(day);
        int week = date.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        return date.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR) + (week < 10 ? "-W0" : "-W") + week;
    }

    private static <T> T pick(List<T> values) {
        return values.get(ThreadLocalRandom.current().nextInt(values.size()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
