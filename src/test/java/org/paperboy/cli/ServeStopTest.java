package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.ingest.Importer;
import org.paperboy.testing.Fixtures;

/**
 * {@code paperboy serve} in a JVM of its own, stopped with SIGTERM as a service manager does: while the embedding
 * model loads, and once it serves and embeds. It must stop quietly (no stack trace) and within the README's bound:
 * up to 10 s for requests in flight (none here) and a few seconds for the background work's batch in flight.
 */
class ServeStopTest {

    private static final Pattern RUNNING = Pattern.compile("running at http://127\\.0\\.0\\.1:(\\d+)/");
    private static final long STOP_BOUND_SECONDS = 15;

    @TempDir
    Path dir;

    @Test
    void sigtermWhileTheModelLoadsStopsQuietly() throws Exception {
        Process serve = serve();
        waitForPort(serve); // the start-up thread begins loading the model right after the server starts

        String output = stop(serve);

        assertThat(output).doesNotContain("\tat ", "Exception in thread").contains("web server stopped", "database closed");
    }

    @Test
    void sigtermWhileServingAndEmbeddingStopsQuietly() throws Exception {
        try (Paperboy paperboy = Paperboy.open(Settings.defaults().with(Settings.Key.DATA_DIR, dir.resolve("data").toString()))) {
            new Importer(paperboy.catalog()).importFiles(List.of(Fixtures.arxivSnapshot()), null, Importer.Progress.NONE);
        }
        Process serve = serve();
        int port = waitForPort(serve);
        waitUntilReady(serve, port); // then the embedding job starts on the 200 papers, which have no vector

        String output = stop(serve);

        assertThat(output).contains("ready to search").doesNotContain("\tat ", "Exception in thread")
                .contains("database closed");
    }

    private Process serve() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx1g", "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Dpaperboy.tty=false", "-cp", System.getProperty("java.class.path"),
                "org.paperboy.cli.PaperboyCommand", "serve", "--data-dir", dir.resolve("data").toString(), "--port", "0");
        builder.environment().keySet().removeIf(name -> name.startsWith("PAPERBOY_"));
        builder.environment().put("PAPERBOY_ARXIV_HARVEST", "false"); // a test never asks the real arXiv
        builder.environment().put("PAPERBOY_HTTP_WARMUP_SECONDS", "1"); // ready soon after the search warm-up
        builder.redirectErrorStream(true);
        builder.redirectOutput(log().toFile());
        return builder.start();
    }

    /** Sends SIGTERM; returns everything the process wrote once it has exited. */
    private String stop(Process serve) throws Exception {
        serve.destroy();
        boolean exited = serve.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS);
        String output = Files.readString(log(), StandardCharsets.UTF_8);
        if (!exited) {
            serve.destroyForcibly();
        }
        assertThat(exited).as("stopped within %d s:%n%s", STOP_BOUND_SECONDS, output).isTrue();
        assertThat(serve.exitValue()).as(output).isIn(0, 143);
        return output;
    }

    private int waitForPort(Process serve) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher running = RUNNING.matcher(Files.readString(log(), StandardCharsets.UTF_8));
            if (running.find()) {
                return Integer.parseInt(running.group(1));
            }
            assertThat(serve.isAlive()).as(Files.readString(log())).isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError("the server did not start:\n" + Files.readString(log()));
    }

    private void waitUntilReady(Process serve, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
            assertThat(serve.isAlive()).as(Files.readString(log())).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not get ready:\n" + Files.readString(log()));
    }

    private Path log() {
        return dir.resolve("serve.log");
    }
}
