import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Time from arXiv publishing a listing to its papers being searchable, on Paperboy's default settings but for where
 * arXiv is (a stand-in on loopback) and when the jobs run (run by {@code bench/listing-to-searchable.sh}; {@code java
 * -cp target/paperboy.jar bench/ListingToSearchable.java ROOT CORPUS PAPERS}). The stand-in serves, from the moment
 * it publishes, PAPERS real papers of CORPUS as today's listing: the Atom announcement feed, OAI-PMH ListRecords and
 * GetRecord in arXivRaw, and the search API's id_list. Before that moment the feed is empty and OAI has no records.
 *
 * <p>Two scenarios, each on a fresh SQLite store: the harvest reads the listing (the defaults' order: the harvest runs
 * at 23:45 US Eastern, before the listing job at 00:30), and the listing job alone fetches the papers by id (the
 * harvest missed them). The job's cron fires at every minute's start; the listing is published at the first one after
 * the server is ready, so the times measured are processing, not scheduling (printed separately from the default crons).
 */
public class ListingToSearchable {

    static final ZoneId EASTERN = ZoneId.of("America/New_York");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Source(String id, String title, String abstractText, List<String> authors, List<String> categories) {}

    record Result(String scenario, int papers, Map<String, Integer> requests, Duration firstKeyword,
                  Duration allKeyword, Duration allSemantic, int foundByMeaning) {}

    public static void main(String[] args) throws Exception {
        // Paperboy's jar brings logback, which logs everything at DEBUG without a configuration: the cron parser too.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path root = Path.of(args[0]);
        List<Source> papers = read(Path.of(args[1]), Integer.parseInt(args[2]));
        printSchedulingDelays();
        List<Result> results = new ArrayList<>();
        for (String scenario : List.of("harvest", "listing")) {
            results.add(run(root, scenario, papers));
        }
        System.out.printf("%n%-42s %6s %20s %14s %14s %14s %16s%n", "path (defaults; request-interval 3 s)", "papers",
                "requests to arXiv", "first keyword", "all keyword", "all embedded", "found by meaning");
        for (Result r : results) {
            System.out.printf("%-42s %6d %20s %14s %14s %14s %16s%n", r.scenario(), r.papers(), r.requests().entrySet()
                            .stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")),
                    seconds(r.firstKeyword()), seconds(r.allKeyword()), seconds(r.allSemantic()),
                    r.foundByMeaning() + " / " + r.papers());
        }
    }

    /**
     * From the default crons: how long after arXiv's announcement (20:00 Eastern, Sunday to Thursday) each job first
     * runs, and runs again should that run miss (arXiv late, the server down).
     */
    static void printSchedulingDelays() {
        Map<String, String> crons = new LinkedHashMap<>();
        crons.put("arxiv-harvest", "0 45 23,5,11,17 * * *");
        crons.put("arxiv-listings", "0 30 0,6,12,18 * * MON-FRI");
        System.out.println("Scheduling delay of the default crons after arXiv's announcement (20:00 US Eastern, Sun-Thu; "
                + "the feed follows at 00:00):");
        LocalDate sunday = LocalDate.of(2026, 3, 1);
        for (var cron : crons.entrySet()) {
            CronSchedule schedule = new CronSchedule(cron.getValue(), EASTERN);
            java.util.Set<String> delays = new java.util.TreeSet<>();
            for (int d = 0; d < 5; d++) {
                Instant announced = sunday.plusDays(d).atTime(20, 0).atZone(EASTERN).toInstant();
                Instant first = schedule.getInitialExecutionTime(announced);
                Instant second = schedule.getInitialExecutionTime(first.plusSeconds(1));
                delays.add(hours(Duration.between(announced, first)) + ", or " + hours(Duration.between(announced, second))
                        + " if that run misses");
            }
            System.out.printf("  %-15s %-28s %s%n", cron.getKey(), "(" + cron.getValue() + ")", String.join("; ", delays));
        }
    }

    static Result run(Path root, String scenario, List<Source> papers) throws Exception {
        Path scratch = Files.createTempDirectory("paperboy-listing-bench");
        StandIn arxiv = StandIn.start(papers);
        Process serve = null;
        try {
            Map<String, String> env = new HashMap<>();
            env.put("PAPERBOY_ARXIV_OAI_URL", arxiv.url() + "/oai");
            env.put("PAPERBOY_ARXIV_LISTING_URL", arxiv.url() + "/atom/");
            env.put("PAPERBOY_ARXIV_API_URL", arxiv.url() + "/api");
            env.put("PAPERBOY_ARXIV_HARVEST_CRON", scenario.equals("harvest") ? "0 * * * * *" : "-");
            env.put("PAPERBOY_ARXIV_LISTING_CRON", scenario.equals("listing") ? "0 * * * * *" : "-");
            env.put("PAPERBOY_SEARCH_RATE_LIMIT", "0"); // the bench's own searches: hundreds a second

            ProcessBuilder builder = new ProcessBuilder(root.resolve("paperboy").toString(), "serve", "--data-dir",
                    scratch.resolve("data").toString(), "--port", "0");
            builder.environment().keySet().removeIf(name -> name.startsWith("PAPERBOY_"));
            builder.environment().putAll(env);
            builder.redirectErrorStream(true).redirectOutput(scratch.resolve("serve.log").toFile());
            serve = builder.start();
            Runtime.getRuntime().addShutdownHook(stopOnExit(serve));
            String base = awaitReady(serve, scratch.resolve("serve.log"));
            Instant published = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            arxiv.publishAt(published);
            System.out.printf("%n[%s] server ready; listing of %d papers published at %s (the job's next run)%n",
                    scenario, papers.size(), published);
            return measure(scenario, base, papers, published, arxiv);
        } finally {
            if (serve != null) {
                serve.destroy();
                serve.waitFor(30, TimeUnit.SECONDS);
            }
            arxiv.stop();
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Stops the server when the bench is stopped (Ctrl+C) too. */
    static Thread stopOnExit(Process serve) {
        return new Thread(serve::destroy, "stop-paperboy");
    }

    static String awaitReady(Process serve, Path log) throws Exception {
        Pattern running = Pattern.compile("running at (http://[^/]+)/");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Matcher m = running.matcher(Files.readString(log));
            if (m.find() && get(m.group(1) + "/healthz").statusCode() == 200) {
                return m.group(1);
            }
            if (!serve.isAlive()) {
                throw new IllegalStateException("paperboy serve exited:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("paperboy serve did not get ready:\n" + Files.readString(log));
    }

    /**
     * Polls twice a second, four checks at a time, until every paper is found by keyword (its title, top 10) and
     * {@code /healthz} says every paper has its vector; then asks for each by meaning (its title in semantic mode, top
     * 10), which shows that the vectors reached the index. A paper's time is when its check returned: an upper bound.
     */
    static Result measure(String scenario, String base, List<Source> papers, Instant published, StandIn arxiv)
            throws Exception {
        Map<String, Instant> keyword = new ConcurrentHashMap<>();
        Instant allEmbedded = null;
        Map<String, Integer> requests = null;
        var checks = Executors.newFixedThreadPool(4);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        Instant lastReport = published;
        try {
            while (allEmbedded == null && System.nanoTime() < deadline) {
                Thread.sleep(500);
                checks.invokeAll(papers.stream().filter(p -> !keyword.containsKey(p.id()))
                        .map(p -> (java.util.concurrent.Callable<Void>) () -> {
                            if (inCatalog(base, p) && finds(base, "keyword", p)) {
                                keyword.put(p.id(), Instant.now());
                            }
                            return null;
                        }).toList());
                if (keyword.size() == papers.size()) {
                    requests = requests == null ? arxiv.requests() : requests;
                    allEmbedded = semanticIndexComplete(base) ? Instant.now() : null;
                }
                if (Duration.between(lastReport, Instant.now()).toSeconds() >= 60) {
                    lastReport = Instant.now();
                    System.out.printf("  %s s: %d of %d keyword-searchable; %s%n", Duration.between(published,
                            lastReport).toSeconds(), keyword.size(), papers.size(), semanticStatus(base));
                }
            }
        } finally {
            checks.shutdownNow();
        }
        Thread.sleep(2_000); // the index takes the last vectors within a second or two
        List<String> missedByMeaning = papers.stream().filter(p -> !finds(base, "semantic", p)).map(Source::id).toList();
        if (!missedByMeaning.isEmpty()) {
            System.out.println("  not in the top 10 of a semantic search for their title: " + missedByMeaning);
        }
        return new Result(scenario.equals("harvest") ? "harvest (OAI ListRecords), then listing"
                : "listing alone (the harvest missed them)", papers.size(), requests == null ? arxiv.requests() : requests,
                since(published, keyword, 0), since(published, keyword, papers.size()),
                allEmbedded == null ? null : Duration.between(published, allEmbedded), papers.size() - missedByMeaning.size());
    }

    /** Time from {@code start} until the first ({@code count} 0) or the {@code count}th paper was found; null if never. */
    static Duration since(Instant start, Map<String, Instant> found, int count) {
        if (found.size() < Math.max(1, count)) {
            return null;
        }
        var times = found.values().stream().sorted().toList();
        return Duration.between(start, count == 0 ? times.getFirst() : times.get(count - 1));
    }

    static boolean inCatalog(String base, Source paper) {
        return get(base + "/api/papers/" + paper.id()).statusCode() == 200;
    }

    static boolean finds(String base, String mode, Source paper) {
        String query = URLEncoder.encode(paper.title().replaceAll("[\"()\\-:]", " "), StandardCharsets.UTF_8);
        return get(base + "/api/papers/search?limit=10&mode=" + mode + "&q=" + query).body()
                .contains("\"id\":\"" + paper.id() + "\"");
    }

    static boolean semanticIndexComplete(String base) {
        Matcher m = Pattern.compile("semantic index: ([\\d,]+) / ([\\d,]+)").matcher(semanticStatus(base));
        return m.find() && m.group(1).equals(m.group(2));
    }

    static String semanticStatus(String base) {
        Matcher m = Pattern.compile("\"semanticIndex\":\"([^\"]*)\"").matcher(get(base + "/healthz").body());
        return m.find() ? m.group(1) : "";
    }

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("GET " + url + ": " + e, e);
        }
    }

    static String seconds(Duration d) {
        return d == null ? "not reached" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String hours(Duration d) {
        return d.toHours() + " h " + String.format("%02d", d.toMinutesPart()) + " min";
    }

    static List<Source> read(Path corpus, int count) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Source> sources = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && sources.size() < count; line = lines.readLine()) {
                JsonNode paper = json.readTree(line);
                List<String> authors = new ArrayList<>();
                paper.path("authors").forEach(a -> authors.add(a.asText()));
                List<String> categories = new ArrayList<>();
                paper.path("categories").forEach(c -> categories.add(c.asText()));
                sources.add(new Source(paper.path("id").asText(), paper.path("title").asText(),
                        paper.path("abstract").asText(), authors, categories));
            }
        }
        return sources;
    }

    /**
     * arXiv on loopback: the announcement feed, OAI-PMH (ListRecords in pages of 2,500 as arXiv pages, GetRecord) and
     * the search API's id_list, all of one listing, answered from {@link #publishAt} on.
     */
    static final class StandIn {
        private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);
        private static final int PAGE = 2_500;

        private final HttpServer server;
        private final List<Source> papers;
        private final Map<String, Source> byId = new HashMap<>();
        private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        private volatile Instant publishedAt = Instant.MAX;

        private StandIn(HttpServer server, List<Source> papers) {
            this.server = server;
            this.papers = papers;
            papers.forEach(p -> byId.put(p.id(), p));
        }

        static StandIn start(List<Source> papers) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            StandIn standIn = new StandIn(server, papers);
            server.createContext("/", standIn::answer);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return standIn;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void publishAt(Instant at) {
            publishedAt = at;
        }

        Map<String, Integer> requests() {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            requests.forEach((kind, n) -> counts.put(kind, n.get()));
            return counts;
        }

        void stop() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }

        private void answer(HttpExchange exchange) throws IOException {
            Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
            String path = exchange.getRequestURI().getPath();
            boolean published = !Instant.now().isBefore(publishedAt);
            String kind = path.startsWith("/atom/") ? "feed" : path.equals("/api") ? "API"
                    : "GetRecord".equals(query.get("verb")) ? "GetRecord" : "ListRecords";
            if (published) {
                requests.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            }
            String body = switch (kind) {
                case "feed" -> feed(published ? papers : List.of());
                case "API" -> apiFeed(Arrays.stream(query.getOrDefault("id_list", "").split(","))
                        .map(byId::get).filter(p -> p != null && published).toList());
                case "GetRecord" -> getRecord(published ? byId.get(query.get("identifier").replace("oai:arXiv.org:", "")) : null);
                default -> listRecords(published, query.get("resumptionToken"));
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", kind.equals("feed") || kind.equals("API")
                    ? "application/atom+xml; charset=utf-8" : "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        /** Today's listing: every fifth paper a cross-list from another archive, the others new submissions. */
        private String feed(List<Source> listed) {
            String day = LocalDate.now(EASTERN).atStartOfDay(EASTERN).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            StringBuilder feed = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:arxiv=\""
                    + "http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">\n<id>http://rss.arxiv.org/"
                    + "atom/cs</id>\n<title>cs updates on arXiv.org</title>\n<updated>" + Instant.now() + "</updated>\n");
            for (int i = 0; i < listed.size(); i++) {
                Source p = listed.get(i);
                String type = i % 5 == 4 ? "cross" : "new";
                feed.append("<entry><id>oai:arXiv.org:").append(p.id()).append("v1</id><title>").append(escape(p.title()))
                        .append("</title><summary>arXiv:").append(p.id()).append("v1 Announce Type: ").append(type)
                        .append("\nAbstract: ").append(escape(p.abstractText())).append("</summary><published>")
                        .append(day).append("</published><arxiv:announce_type>").append(type)
                        .append("</arxiv:announce_type></entry>\n");
            }
            return feed.append("</feed>\n").toString();
        }

        private String listRecords(boolean published, String token) {
            if (!published || papers.isEmpty()) {
                return oai("<error code=\"noRecordsMatch\">No records match</error>");
            }
            int start = token == null ? 0 : Integer.parseInt(token);
            int end = Math.min(papers.size(), start + PAGE);
            StringBuilder records = new StringBuilder("<ListRecords>\n");
            papers.subList(start, end).forEach(p -> records.append(record(p)));
            records.append("<resumptionToken>").append(end < papers.size() ? String.valueOf(end) : "").append("</resumptionToken>\n");
            return oai(records.append("</ListRecords>").toString());
        }

        private String getRecord(Source paper) {
            return paper == null ? oai("<error code=\"idDoesNotExist\">Malformed or unknown identifier</error>")
                    : oai("<GetRecord>" + record(paper) + "</GetRecord>");
        }

        private static String oai(String content) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
                    + "<responseDate>" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "</responseDate>\n"
                    + "<request verb=\"ListRecords\">http://127.0.0.1/oai</request>\n" + content + "\n</OAI-PMH>\n";
        }

        /** Submitted yesterday afternoon, before the deadline of today's listing. */
        private static String record(Source p) {
            String submitted = RFC_1123.format(LocalDate.now(EASTERN).minusDays(1).atTime(LocalTime.of(11, 0)).atZone(EASTERN));
            return "<record><header><identifier>oai:arXiv.org:" + p.id() + "</identifier><datestamp>"
                    + LocalDate.now(EASTERN) + "</datestamp><setSpec>cs</setSpec></header><metadata><arXivRaw xmlns=\""
                    + "http://arxiv.org/OAI/arXivRaw/\"><id>" + p.id() + "</id><version version=\"v1\"><date>" + submitted
                    + "</date><size>1024kb</size></version><title>" + escape(p.title()) + "</title><authors>"
                    + escape(String.join(", ", p.authors())) + "</authors><categories>" + String.join(" ", p.categories())
                    + "</categories><license>http://creativecommons.org/licenses/by/4.0/</license><abstract>"
                    + escape(p.abstractText()) + "</abstract></arXivRaw></metadata></record>\n";
        }

        private static String apiFeed(List<Source> found) {
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:arxiv="
                    + "\"http://arxiv.org/schemas/atom\">\n<title>ArXiv Query</title>\n" + found.stream().map(p ->
                    "<entry><id>http://arxiv.org/abs/" + p.id() + "v1</id><updated>" + now + "</updated><published>" + now
                            + "</published><title>" + escape(p.title()) + "</title><summary>" + escape(p.abstractText())
                            + "</summary>" + p.authors().stream().map(a -> "<author><name>" + escape(a) + "</name></author>")
                            .collect(Collectors.joining()) + "<arxiv:primary_category term=\"" + p.categories().getFirst()
                            + "\"/>" + p.categories().stream().map(c -> "<category term=\"" + c + "\"/>")
                            .collect(Collectors.joining()) + "</entry>\n").collect(Collectors.joining()) + "</feed>\n";
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }

        private static Map<String, String> parameters(String rawQuery) {
            Map<String, String> parameters = new HashMap<>();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    String[] kv = pair.split("=", 2);
                    parameters.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            return parameters;
        }
    }
}
