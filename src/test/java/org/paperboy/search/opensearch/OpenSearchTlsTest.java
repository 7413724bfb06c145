package org.paperboy.search.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search.opensearch.ca-certificate}: an https cluster whose certificate a private CA signed is trusted with that
 * CA's PEM file, and not without it. The server is a loopback HTTPS server with a self-signed certificate (its own CA)
 * made by the JDK's keytool.
 */
class OpenSearchTlsTest {

    @TempDir
    Path dir;

    private HttpsServer server;

    @BeforeEach
    void start() throws Exception {
        Path keys = dir.resolve("server.p12");
        keytool("-genkeypair", "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        keytool("-exportcert", "-rfc", "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "server", "-file", dir.resolve("ca.pem").toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            byte[] body = "{\"count\":3}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theConfiguredCaIsTrustedAndTheJvmDefaultsAloneAreNot() {
        URI host = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        try (OpenSearchHttp http = new OpenSearchHttp(new OpenSearchConfig(List.of(host), "", "", dir.resolve("ca.pem"),
                "paperboy", 1, 0))) {
            assertThat(http.call("POST", "/paperboy/_count", "{}").path("count").asLong()).isEqualTo(3);
        }
        try (OpenSearchHttp http = new OpenSearchHttp(OpenSearchConfig.of(List.of(host), "paperboy", 1, 0))) {
            assertThatThrownBy(() -> http.call("POST", "/paperboy/_count", "{}"))
                    .hasMessageContaining("POST /paperboy/_count failed");
        }
    }

    @Test
    void aCaFileWithoutACertificateIsAClearError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        URI host = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        assertThatThrownBy(() -> new OpenSearchHttp(new OpenSearchConfig(List.of(host), "", "", empty, "paperboy", 1, 0)))
                .hasMessageContaining("search.opensearch.ca-certificate");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
