package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.OaiListing;

/**
 * A page of more than 50 MB, generated as it is sent, harvested by {@code paperboy harvest} in a JVM of its own with a
 * heap far smaller than the page: the records must stream from the socket through the parser into batches, never be
 * held whole.
 */
class HarvestMemoryTest {

    private static final int RECORDS = 19_000;
    private static final int ABSTRACT_CHARS = 1_900; // arXiv's longest abstracts
    private static final String HEAP = "-Xmx64m";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aFiftyMegabytePageIsHarvestedInBoundedMemory() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (ArxivServer arxiv = ArxivServer.start()) {
            arxiv.route(request -> Reply.ok("text/xml; charset=utf-8",
                    () -> counting(OaiListing.stream(Instant.now(), RECORDS, ABSTRACT_CHARS), sent)));

            Process harvest = start(arxiv.baseUrl() + "/oai");
            boolean exited = harvest.waitFor(150, TimeUnit.SECONDS);
            if (!exited) {
                harvest.destroyForcibly();
            }
            String output = Files.readString(dir.resolve("harvest.log"));

            assertThat(exited).as(output).isTrue();
            assertThat(harvest.exitValue()).as(output).isZero();
            assertThat(output).containsPattern("records read +19,000").doesNotContain("OutOfMemoryError");
        }
        assertThat(sent.get()).isGreaterThan(50_000_000L);
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("data/paperboy.db"), null, null)) {
            assertThat(new Catalog(database).count()).isEqualTo(RECORDS);
        }
    }

    private Process start(String oaiUrl) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), HEAP, "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED", "-Dpaperboy.tty=false", "-cp", System.getProperty("java.class.path"),
                "org.paperboy.cli.PaperboyCommand", "harvest", "--data-dir", dir.resolve("data").toString(), "--set", "cs");
        builder.environment().keySet().removeIf(name -> name.startsWith("PAPERBOY_"));
        builder.environment().put("PAPERBOY_ARXIV_OAI_URL", oaiUrl);
        builder.environment().put("PAPERBOY_ARXIV_REQUEST_INTERVAL", "0");
        builder.directory(dir.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(dir.resolve("harvest.log").toFile());
        return builder.start();
    }

    private static InputStream counting(InputStream in, AtomicLong count) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count.addAndGet(n);
                }
                return n;
            }
        };
    }
}
