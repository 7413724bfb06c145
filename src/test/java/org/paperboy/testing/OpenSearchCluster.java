package org.paperboy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real two-node OpenSearch cluster on loopback (ports 19201/19202 for HTTP, 19301/19302 for transport; another base
 * than 19201 from the environment variable {@code PAPERBOY_TEST_OPENSEARCH_PORT}, so that two checkouts can run their
 * suites side by side), started once for
 * the whole test run on first use and stopped when the JVM exits. The server and k-NN plugin zips come from Maven Central
 * through the build ({@code target/opensearch-dist}, see pom.xml); they are unpacked once into {@code target/opensearch}.
 * Every start begins with empty data directories. OpenSearch refuses to run as root, so under root the nodes run as
 * {@code nobody} through {@code setpriv}.
 */
public final class OpenSearchCluster {

    private static final Duration FORMATION_TIMEOUT = Duration.ofMinutes(4);
    private static OpenSearchCluster shared;

    private final List<OpenSearchNode> nodes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpenSearchCluster(List<OpenSearchNode> nodes) {
        this.nodes = nodes;
    }

    /** The cluster shared by all tests, started (and waited for until green) on the first call. */
    public static synchronized OpenSearchCluster shared() {
        if (shared == null) {
            shared = start(Path.of(System.getProperty("opensearch.dist", "target/opensearch-dist")),
                    Path.of("target/opensearch"));
            OpenSearchCluster started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stopAll, "opensearch-stop"));
        }
        return shared;
    }

    private static OpenSearchCluster start(Path dist, Path root) {
        try {
            Path home = OpenSearchInstall.prepare(dist, root.toAbsolutePath());
            List<OpenSearchNode> nodes = new ArrayList<>();
            List<String> names = List.of("n1", "n2");
            int http = Integer.parseInt(System.getenv().getOrDefault("PAPERBOY_TEST_OPENSEARCH_PORT", "19201"));
            int transport = http + 100;
            List<String> seeds = List.of("127.0.0.1:" + transport, "127.0.0.1:" + (transport + 1));
            for (int i = 0; i < names.size(); i++) {
                nodes.add(new OpenSearchNode(names.get(i), home, root.toAbsolutePath().resolve(names.get(i)),
                        http + i, transport + i, names, seeds));
            }
            OpenSearchCluster cluster = new OpenSearchCluster(nodes);
            for (OpenSearchNode node : nodes) {
                node.start();
            }
            cluster.awaitGreen(nodes.size());
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test OpenSearch cluster", e);
        }
    }

    /** The HTTP address of every node, running or not, e.g. {@code http://127.0.0.1:19201}. */
    public List<URI> hosts() {
        return nodes.stream().map(OpenSearchNode::uri).toList();
    }

    /** The HTTP address of a running node. */
    public URI anyRunningHost() {
        return nodes.stream().filter(OpenSearchNode::isRunning).map(OpenSearchNode::uri).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OpenSearch node is running"));
    }

    public int size() {
        return nodes.size();
    }

    /**
     * Stops the node named {@code name} ({@code n1}, {@code n2}); whoever stops one restarts it ({@link #restartNode}),
     * so that the tests after see the whole cluster.
     */
    public void stopNode(String name) {
        node(name).stop();
    }

    /** Starts a stopped node again with its data, and waits until the cluster is whole and green. */
    public void restartNode(String name) {
        try {
            node(name).restart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart OpenSearch node " + name, e);
        }
        awaitGreen(nodes.size());
    }

    private OpenSearchNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no OpenSearch node " + name));
    }

    private void stopAll() {
        nodes.forEach(OpenSearchNode::stop);
    }

    private void awaitGreen(int nodeCount) {
        long deadline = System.nanoTime() + FORMATION_TIMEOUT.toNanos();
        String health = "/_cluster/health?wait_for_status=green&wait_for_nodes=" + nodeCount + "&timeout=10s";
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            for (OpenSearchNode node : nodes) {
                if (!node.isRunning()) {
                    throw failure("OpenSearch node " + node.name() + " exited while the cluster formed");
                }
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(anyRunningHost().resolve(health))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for the OpenSearch cluster");
            }
        }
        throw failure("OpenSearch cluster not green within " + FORMATION_TIMEOUT + " (last health answer: " + last + ")");
    }

    private IllegalStateException failure(String message) {
        StringBuilder logs = new StringBuilder(message);
        for (OpenSearchNode node : nodes) {
            logs.append("\n--- ").append(node.name()).append(" output (last lines) ---\n").append(node.outputTail());
        }
        stopAll();
        return new IllegalStateException(logs.toString());
    }

    private static void sleep() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
