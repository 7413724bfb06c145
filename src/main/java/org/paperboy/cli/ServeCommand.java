package org.paperboy.cli;

import ch.qos.logback.classic.Level;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.paperboy.app.Logging;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.config.Settings.Key;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the web server until stopped (Ctrl+C or SIGTERM: requests in flight finish first)."})
class ServeCommand implements Callable<Integer> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ConfigOptions config;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: 8080).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        Logging.configure(settings.jsonLogs(), Level.INFO);
        Paperboy paperboy = Paperboy.open(settings);
        List<RecurringJob> jobs;
        try {
            jobs = paperboy.scheduledJobs();
            beforeServing(paperboy);
        } catch (Exception e) {
            paperboy.close();
            throw e;
        }
        serveUntilStopped(paperboy, jobs);
        return 0;
    }

    Settings settings() {
        Map<Key, String> flags = new EnumMap<>(Key.class);
        ConfigOptions.putIfSet(flags, Key.HTTP_HOST, host);
        ConfigOptions.putIfSet(flags, Key.HTTP_PORT, port);
        return config.resolve(flags, defaults());
    }

    /** Defaults that differ from {@link Key}'s for this command; the file, environment and flags still win. */
    Map<Key, String> defaults() {
        return Map.of();
    }

    /** What to do between opening the store and serving; the demo imports its corpus here. */
    void beforeServing(Paperboy paperboy) throws Exception {}

    /**
     * Background work of a running server: the index follows the catalog (keyword search works as soon as papers
     * are indexed, a few seconds after import); the start-up thread loads the model and warms the search path and the
     * busiest pages, after which {@code /healthz} says "ok", then starts the embedding job, which computes vectors for
     * papers without one. The scheduler runs the recurring jobs, if there are any.
     */
    private static void startBackgroundWork(Paperboy paperboy, WebServer server, List<RecurringJob> jobs) {
        paperboy.indexSync().follow(1_000);
        if (!jobs.isEmpty()) {
            paperboy.scheduler().start(jobs);
        }
        Thread.ofPlatform().name("start-up").daemon().start(() -> {
            try {
                paperboy.warmUp(() -> server.warmUp(paperboy));
                if (paperboy.ready()) {
                    log.info("ready to search");
                    paperboy.embeddings().ifPresent(e -> e.startBackground());
                }
            } catch (InterruptedException | RuntimeException e) {
                // Stopping while starting (a model load cut short, a closed store) is no error.
                if (!paperboy.closing()) {
                    log.error("start-up failed: {}", e.toString());
                }
            }
        });
    }

    private static void serveUntilStopped(Paperboy paperboy, List<RecurringJob> jobs) throws InterruptedException {
        WebServer server;
        try {
            server = WebServer.start(paperboy);
        } catch (RuntimeException e) {
            paperboy.close();
            throw new CommandFailedException("cannot start the web server on " + paperboy.settings().httpHost() + ":"
                    + paperboy.settings().httpPort() + ": " + rootCause(e).getMessage()
                    + " (is another program using the port? choose another with --port)");
        }
        startBackgroundWork(paperboy, server, jobs);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            try {
                server.close();
                paperboy.close();
            } catch (RuntimeException e) {
                log.error("stopping failed: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        };
        // SIGTERM and Ctrl+C stop the server before the JVM begins to exit: ONNX Runtime's own shutdown hook tears
        // down its native state, and a model still loading or embedding at that moment crashes the JVM. The hook
        // stays for any other exit.
        for (String signal : List.of("TERM", "INT")) {
            Signal.handle(new Signal(signal), s -> stop.run());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown"));
        System.out.printf("Paperboy is running at http://%s:%d/  (Ctrl+C to stop)%n",
                displayHost(paperboy.settings().httpHost()), server.port());
        System.out.println(arxivLine(paperboy.settings()));
        System.out.flush();
        stopped.await();
    }

    /** Whether new papers arrive by themselves, and what to do about it. */
    private static String arxivLine(Settings settings) {
        if (!settings.flag(Key.ARXIV_HARVEST)) {
            return "New papers from arXiv: off. To fetch them every day, start with PAPERBOY_ARXIV_HARVEST=true "
                    + "(README: Keeping up with arXiv).";
        }
        String line = "New papers from arXiv: harvesting " + String.join(", ", settings.arxivSets())
                + " on schedule (status on the admin page and /healthz).";
        return settings.get(Key.ARXIV_CONTACT).isBlank()
                ? line + " Set arxiv.contact (PAPERBOY_ARXIV_CONTACT) to an address arXiv can write to." : line;
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") ? "localhost" : host;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
