package org.paperboy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks the OpenSearch server zip and installs the k-NN plugin into it, once: a marker file says the installation is
 * complete, so later runs (and a run interrupted half-way, which starts over) reuse or redo it safely.
 */
final class OpenSearchInstall {

    private static final String MARKER = ".paperboy-installed";

    private OpenSearchInstall() {}

    /** Returns the OpenSearch home directory under {@code root}, installing it first if needed. */
    static Path prepare(Path dist, Path root) throws IOException {
        Path server = dist.resolve("opensearch.zip");
        Path knn = dist.resolve("opensearch-knn.zip");
        if (!Files.isRegularFile(server) || !Files.isRegularFile(knn)) {
            throw new IllegalStateException("OpenSearch zips missing in " + dist.toAbsolutePath()
                    + ": run the build through Maven (generate-test-resources copies them from Maven Central)");
        }
        Path unpacked = root.resolve("dist");
        if (Files.exists(unpacked.resolve(MARKER))) {
            return home(unpacked);
        }
        run(List.of("rm", "-rf", unpacked.toString()), root.getParent());
        Files.createDirectories(unpacked);
        unzip(server, unpacked);
        Path installed = home(unpacked);
        // A zip's file modes are lost in unpacking; the scripts of bin/ are all that must run
        try (var scripts = Files.list(installed.resolve("bin"))) {
            for (Path script : scripts.toList()) {
                script.toFile().setExecutable(true, false);
            }
        }
        ProcessBuilder plugin = new ProcessBuilder(installed.resolve("bin/opensearch-plugin").toString(), "install",
                "--batch", knn.toAbsolutePath().toUri().toString());
        plugin.environment().put("OPENSEARCH_JAVA_HOME", OpenSearchNode.javaHome());
        run(plugin.directory(installed.toFile()));
        Files.createFile(unpacked.resolve(MARKER));
        return installed;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(archive.entries())) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    /** The zip's single top directory ({@code opensearch-VERSION}). */
    private static Path home(Path unpacked) throws IOException {
        try (var entries = Files.list(unpacked)) {
            return entries.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException("nothing unpacked in " + unpacked));
        }
    }

    private static void run(List<String> command, Path directory) throws IOException {
        run(new ProcessBuilder(command).directory(directory.toFile()));
    }

    private static void run(ProcessBuilder builder) throws IOException {
        Path output = Files.createTempFile("opensearch-install", ".log");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + builder.command());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + builder.command() + "\n"
                        + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + builder.command(), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
