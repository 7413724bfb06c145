package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.testing.ServeProcess;

/**
 * The launcher starts the server with {@code -XX:AOTCache=target/paperboy.aot} (the start-up cache). A cache that is
 * damaged, or made for another jar, must cost a warning at most: the server still starts and serves.
 */
class AotCacheStartTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsJdk25() {
        // The launcher gives the cache only to JDK 25 and newer; older JVMs do not know the option at all.
        assumeTrue(Runtime.version().feature() >= 25, "the start-up cache needs JDK 25");
    }

    @Test
    void aDamagedCacheIsIgnored() throws Exception {
        Path garbage = dir.resolve("paperboy.aot");
        Files.write(garbage, "not an AOT cache at all".repeat(1_000).getBytes());

        assertServes(garbage);
    }

    @Test
    void aCacheMadeForAnotherJarIsIgnored() throws Exception {
        Path stale = cacheForAnotherJar();

        assertServes(stale);
    }

    private void assertServes(Path cache) throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir.resolve("data"),
                Map.of("PAPERBOY_ARXIV_HARVEST", "false", "PAPERBOY_HTTP_WARMUP_SECONDS", "0"),
                "-XX:AOTCache=" + cache)) {
            serve.awaitPort();
            assertThat(serve.get("/").statusCode()).isEqualTo(200);
            assertThat(serve.get("/healthz").statusCode()).as("starting or ready").isIn(200, 503);
            assertThat(serve.output()).doesNotContain("Exception");
        }
    }

    /** A real cache, made by a training run of a one-class jar, as a cache left from an older build would be. */
    private Path cacheForAnotherJar() throws Exception {
        Path source = dir.resolve("src/Hello.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }");
        Path classes = dir.resolve("classes");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()))
                .isZero();
        Path jar = dir.resolve("hello.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("Hello.class"));
            Files.copy(classes.resolve("Hello.class"), (OutputStream) out);
            out.closeEntry();
        }
        Path cache = dir.resolve("hello.aot");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process training = new ProcessBuilder(List.of(java.toString(), "-XX:AOTCacheOutput=" + cache, "-cp",
                jar.toString(), "Hello")).redirectErrorStream(true).redirectOutput(dir.resolve("training.log").toFile())
                .start();
        assertThat(training.waitFor(120, TimeUnit.SECONDS)).as("training finished").isTrue();
        assertThat(cache).as(Files.readString(dir.resolve("training.log"))).isNotEmptyFile();
        return cache;
    }
}
