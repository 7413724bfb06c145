package org.paperboy.web;

import io.javalin.http.Context;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a starting server's busiest pages through its own HTTP port (Jetty, the handlers, the templates, gzip) until
 * they stop getting cheaper, or for a bounded time: a cold JVM serves its first users at a fraction of its speed while
 * the JIT compiles that code. Its requests carry a secret of this process, so that they are not counted as a
 * client's (see {@link #isWarmup}).
 */
public final class PageWarmup {

    static final String HEADER = "X-Paperboy-Warmup";
    private static final String SECRET = randomHex(16);
    private static final Logger log = LoggerFactory.getLogger(PageWarmup.class);
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** Intervals in a row not cheaper by {@link #GAIN} than the cheapest before, after which the pages count as warm. */
    private static final int FLAT_INTERVALS = 4;
    private static final double GAIN = 1.1;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int PAGES_PER_SEARCH = 200;

    /** What a warm-up did: requests answered, its length, and whether the pages had stopped getting cheaper. */
    public record Result(long requests, Duration took, boolean settled) {}

    private final URI base;
    private final List<String> pages;
    private final List<String> searches;
    private final int workers;
    private final Set<String> failedPaths = ConcurrentHashMap.newKeySet();

    PageWarmup(URI base, List<String> pages, List<String> searches, int workers) {
        this.base = base;
        this.pages = List.copyOf(pages);
        this.searches = List.copyOf(searches);
        this.workers = workers;
    }

    /** The pages users load most, the daily page first: papers, the front page and the JSON API follow. */
    static List<String> busiestPages(Catalog catalog) {
        List<String> paths = new ArrayList<>();
        for (Paper paper : catalog.recent(8, 0)) {
            paths.addAll(List.of("/daily", "/daily", "/papers/" + paper.id()));
        }
        paths.addAll(List.of("/", "/trending", "/api/daily_papers"));
        return paths;
    }

    /**
     * Searches by page and API, in both modes: far costlier than a page, and warm already but for their rendering
     * (see {@code Warmup}), so they come once every {@link #PAGES_PER_SEARCH} pages.
     */
    static List<String> searches() {
        return List.of("/search?q=neural+networks", "/search?q=diffusion+models+for+image+generation&mode=keyword",
                "/api/papers/search?q=large+language+model+reasoning",
                "/api/papers/search?q=graph+reinforcement+learning&mode=keyword");
    }

    private static String randomHex(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** Whether a request is this process's warm-up, not a client's. */
    static boolean isWarmup(Context ctx) {
        return SECRET.equals(ctx.header(HEADER));
    }

    /** Loads the pages until they stop getting cheaper, {@code bound} has passed, or {@code stop} says so. */
    Result run(Duration bound, BooleanSupplier stop) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        AtomicInteger answered = new AtomicInteger();
        BooleanSupplier done = () -> System.nanoTime() >= deadline || stop.getAsBoolean()
                || Thread.currentThread().isInterrupted();
        boolean settled;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build()) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int first = w * pages.size() / workers;
                threads.add(Thread.ofPlatform().name("page-warmup-" + w).daemon()
                        .start(() -> load(http, first, answered, done)));
            }
            settled = awaitSettled(answered, done);
            threads.forEach(Thread::interrupt);
            for (Thread thread : threads) {
                try {
                    thread.join(REQUEST_TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            http.shutdownNow();
        }
        return new Result(answered.get(), Duration.ofNanos(System.nanoTime() - start), settled);
    }

    /**
     * Measures the process's CPU time per answer in each interval (the JIT's compiling counts in it, and it does not
     * depend on how much of the machine others take); true once FLAT_INTERVALS in a row were no cheaper by
     * {@link #GAIN} than the cheapest before.
     */
    private static boolean awaitSettled(AtomicInteger answered, BooleanSupplier done) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double cheapest = Double.MAX_VALUE;
        int flat = 0;
        int lastAnswers = 0;
        long lastCpu = os.getProcessCpuTime();
        while (!done.getAsBoolean()) {
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            int answers = answered.get();
            long cpu = os.getProcessCpuTime();
            double cost = (cpu - lastCpu) / (double) Math.max(1, answers - lastAnswers);
            log.debug("warm-up interval: {} answers, {} us CPU each", answers - lastAnswers, Math.round(cost / 1000));
            lastAnswers = answers;
            lastCpu = cpu;
            if (cost * GAIN < cheapest) {
                cheapest = cost;
                flat = 0;
            } else if (++flat >= FLAT_INTERVALS) {
                return true;
            }
        }
        return false;
    }

    /**
     * One worker: goes round the pages from {@code first}, with a search now and then; every other round gzip-encoded,
     * as browsers ask.
     */
    private void load(HttpClient http, int first, AtomicInteger answered, BooleanSupplier done) {
        for (int i = first; !done.getAsBoolean(); i++) {
            String path = i % PAGES_PER_SEARCH == 0 ? searches.get(i / PAGES_PER_SEARCH % searches.size())
                    : pages.get(i % pages.size());
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                    .header(HEADER, SECRET);
            if (i / pages.size() % 2 == 1) {
                request.header("Accept-Encoding", "gzip");
            }
            try {
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    answered.incrementAndGet();
                } else if (failedPaths.add(path)) {
                    log.warn("warm-up: GET {} answered {}", path, response.statusCode());
                }
            } catch (IOException e) {
                if (failedPaths.add(path)) {
                    log.warn("warm-up: GET {} failed: {}", path, e.toString());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
