package org.paperboy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code paperboy serve} in a JVM of its own, as an operator runs it: its settings from {@code PAPERBOY_*}
 * environment variables (none inherited from the test's; the page warm-up cut to 1 s), {@code --port 0}, its output
 * in a log file. Stopped with
 * SIGTERM by {@link #close}, or killed with SIGKILL by {@link #kill}, as a power cut would.
 */
public final class ServeProcess implements AutoCloseable {

    private static final Pattern RUNNING = Pattern.compile("running at http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Duration START_BOUND = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private volatile int port;

    private ServeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code paperboy serve --data-dir DATA_DIR --port 0} with {@code environment}; returns at once (see
     * {@link #awaitPort}).
     *
     * @param jvmOptions extra options for the JVM, such as system properties
     */
    public static ServeProcess start(Path dataDir, Map<String, String> environment, String... jvmOptions) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Dpaperboy.tty=false"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.paperboy.cli.PaperboyCommand",
                "serve", "--data-dir", dataDir.toString(), "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PAPERBOY_"));
        // Ready a second after the search warm-up, not after up to 30 s of page loads: tests wait for /healthz 200.
        builder.environment().put("PAPERBOY_HTTP_WARMUP_SECONDS", "1");
        builder.environment().putAll(environment);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        try {
            Files.createDirectories(dataDir);
            return new ServeProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the server listens; returns its port. */
    public int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher running = RUNNING.matcher(output());
            if (running.find()) {
                port = Integer.parseInt(running.group(1));
                return port;
            }
            if (!process.isAlive()) {
                throw new AssertionError("paperboy serve exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("paperboy serve did not start within " + START_BOUND.toSeconds() + " s:\n" + output());
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** GETs {@code path} (with its query) from the server; the body as text. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        if (port == 0) {
            throw new IllegalStateException("not listening yet: call awaitPort() first");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Everything the process wrote so far (stdout and stderr). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no last write. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
