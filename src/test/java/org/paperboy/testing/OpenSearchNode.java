package org.paperboy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One OpenSearch node of the test cluster: its own configuration, data and log directories under {@code dir} (emptied
 * on every start, kept on a restart), sharing the installed OpenSearch home with the other nodes.
 */
final class OpenSearchNode {

    /** OpenSearch refuses root; {@code nobody} owns the node's directories and runs it. */
    private static final String UNPRIVILEGED_ID = "65534";
    private static final String HEAP = "512m";

    private final String name;
    private final Path home;
    private final Path dir;
    private final int httpPort;
    private final int transportPort;
    private final List<String> clusterNodeNames;
    private final List<String> seedHosts;
    private Process process;

    OpenSearchNode(String name, Path home, Path dir, int httpPort, int transportPort, List<String> clusterNodeNames,
            List<String> seedHosts) {
        this.name = name;
        this.home = home;
        this.dir = dir;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
        this.clusterNodeNames = clusterNodeNames;
        this.seedHosts = seedHosts;
    }

    /** OpenSearch 3.5 needs Java 21 or later and ships none in this zip; the JDK running the tests qualifies. */
    static String javaHome() {
        return System.getProperty("java.home");
    }

    String name() {
        return name;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    void start() throws IOException {
        killLeftover();
        requireFree(httpPort);
        requireFree(transportPort);
        configure();
        launch();
    }

    /** Starts a node that was stopped again, with its data as it left it, so that it rejoins its cluster. */
    void restart() throws IOException {
        if (isRunning()) {
            return;
        }
        requireFree(httpPort);
        requireFree(transportPort);
        launch();
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID,
                    "--clear-groups", "--"));
        }
        command.add(home.resolve("bin/opensearch").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(outputFile().toFile());
        builder.environment().put("OPENSEARCH_JAVA_HOME", javaHome());
        builder.environment().put("OPENSEARCH_PATH_CONF", dir.resolve("config").toString());
        builder.environment().put("OPENSEARCH_TMPDIR", dir.resolve("tmp").toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        synchronized (this) {
            process = builder.start();
        }
        // setpriv and the start script exec into the JVM, so this pid is the node's own
        Files.writeString(pidFile(), Long.toString(process.pid()));
    }

    /** Stops the node gracefully (SIGTERM), forcibly after 30 s. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The last lines the node wrote to its console (its log), for error messages. */
    String outputTail() {
        try {
            List<String> lines = Files.readAllLines(outputFile(), StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - 60), lines.size()).stream()
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private void configure() throws IOException {
        run("rm", "-rf", dir.toString());
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("jvm.options.d"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("data"));
        Path shipped = home.resolve("config");
        Files.copy(shipped.resolve("log4j2.properties"), config.resolve("log4j2.properties"));
        // the shipped options write the GC log and heap dumps relative to the home, which the node cannot write to
        Files.writeString(config.resolve("jvm.options"), Files.readString(shipped.resolve("jvm.options"))
                .replace("logs/", dir.resolve("logs") + "/").replace("HeapDumpPath=data", "HeapDumpPath=" + dir));
        Files.writeString(config.resolve("jvm.options.d/heap.options"), "-Xms" + HEAP + "\n-Xmx" + HEAP + "\n");
        Files.writeString(config.resolve("opensearch.yml"), settings());
        if (isRoot()) {
            run("chown", "-R", UNPRIVILEGED_ID + ":" + UNPRIVILEGED_ID, dir.toString());
        }
    }

    private String settings() {
        String seeds = seedHosts.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", "));
        String managers = clusterNodeNames.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
        return String.join("\n",
                "cluster.name: paperboy-test",
                "node.name: " + name,
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "discovery.seed_hosts: [" + seeds + "]",
                "cluster.initial_cluster_manager_nodes: [" + managers + "]",
                "path.data: " + dir.resolve("data"),
                "path.logs: " + dir.resolve("logs"),
                // CI disks are often fuller than the default watermarks allow; the tests' indexes are tiny
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "");
    }

    /** A node left running by a test JVM that was killed (no shutdown hook) would hold the ports. */
    private void killLeftover() throws IOException {
        Path pidFile = pidFile();
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").contains("java")).ifPresent(leftover -> {
            leftover.destroyForcibly();
            leftover.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
        Files.delete(pidFile);
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is taken: another OpenSearch test cluster running?", e);
        }
    }

    private Path outputFile() {
        return dir.resolveSibling(name + ".out");
    }

    private Path pidFile() {
        return dir.resolveSibling(name + ".pid");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", command));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
