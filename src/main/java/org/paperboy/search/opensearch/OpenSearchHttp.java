package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Options;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Requests to the OpenSearch cluster through opensearch-java's generic client on its Apache HttpClient 5 transport:
 * JSON in, a parsed tree out, every call bounded in time, basic authentication and a trusted CA when configured.
 * An answer with an unexpected status becomes an {@link OpenSearchException} saying what OpenSearch said.
 */
final class OpenSearchHttp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Searches and lookups: OpenSearch answers within a search's own budget, or something is wrong. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** Bulk writes, force-merges and waits for the cluster's health take longer on a large index. */
    private static final Duration SLOW_RESPONSE_TIMEOUT = Duration.ofMinutes(10);
    private static final Set<String> SLOW = Set.of("/_bulk", "/_forcemerge", "/_cluster/health");

    private final ApacheHttpClient5Transport transport;
    private final OpenSearchGenericClient client;
    private final OpenSearchGenericClient slowClient;
    /** Told of every request when set (the search benchmark's breakdown); null otherwise, and then nothing is timed. */
    private volatile Consumer<OpenSearchExchange> listener;

    OpenSearchHttp(OpenSearchConfig config) {
        HttpHost[] hosts = config.hosts().stream().map(OpenSearchHttp::host).toArray(HttpHost[]::new);
        SSLContext tls = config.caCertificate() == null ? null : trusting(config.caCertificate());
        this.transport = ApacheHttpClient5TransportBuilder.builder(hosts)
                .setRequestConfigCallback(request -> request
                        .setConnectionRequestTimeout(Timeout.of(CONNECT_TIMEOUT))
                        .setResponseTimeout(Timeout.of(RESPONSE_TIMEOUT)))
                .setConnectionConfigCallback(connection -> connection
                        .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                        .setSocketTimeout(Timeout.of(SLOW_RESPONSE_TIMEOUT)))
                .setHttpClientConfigCallback(http -> {
                    if (!config.username().isEmpty()) {
                        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                        for (HttpHost host : hosts) {
                            credentials.setCredentials(new AuthScope(host),
                                    new UsernamePasswordCredentials(config.username(), config.password().toCharArray()));
                        }
                        http.setDefaultCredentialsProvider(credentials);
                    }
                    if (tls != null) {
                        http.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).buildAsync())
                                .build());
                    }
                    return http;
                })
                .build();
        OpenSearchGenericClient generic = new OpenSearchClient(transport).generic();
        this.client = generic.withTransportOptions(timeout(RESPONSE_TIMEOUT));
        this.slowClient = generic.withTransportOptions(timeout(SLOW_RESPONSE_TIMEOUT));
    }

    private static ApacheHttpClient5Options timeout(Duration response) {
        return ApacheHttpClient5Options.DEFAULT.toBuilder().setRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(CONNECT_TIMEOUT))
                .setResponseTimeout(Timeout.of(response)).build()).build();
    }

    private OpenSearchGenericClient clientFor(String endpoint) {
        return SLOW.stream().anyMatch(endpoint::contains) ? slowClient : client;
    }

    /** Sends a JSON request (body null for none) and returns the parsed answer; any status not in {@code ok} fails. */
    JsonNode call(String method, String endpoint, Object body, Set<Integer> ok) {
        Requests.JsonBodyBuilder request = Requests.builder().method(method).endpoint(endpoint);
        String json = body == null ? null : body instanceof String s ? s : write(body);
        if (json != null) {
            request.json(json);
        }
        return send(request.build(), method, endpoint, ok, json);
    }

    JsonNode call(String method, String endpoint, Object body) {
        return call(method, endpoint, body, Set.of(200, 201));
    }

    /** Sends newline-delimited JSON (a bulk or multi-search body). */
    JsonNode ndjson(String endpoint, byte[] body) {
        Request request = Requests.builder().method("POST").endpoint(endpoint)
                .body(Body.from(body, "application/x-ndjson")).build();
        return send(request, "POST", endpoint, Set.of(200), body);
    }

    /** Reports every request from now on to {@code listener} (null: to nobody). */
    void listen(Consumer<OpenSearchExchange> listener) {
        this.listener = listener;
    }

    /** The status of a request without a body, such as HEAD: whether something exists. */
    int status(String method, String endpoint) {
        try (Response response = client.execute(Requests.builder().method(method).endpoint(endpoint).build())) {
            return response.getStatus();
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch request " + method + " " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    private JsonNode send(Request request, String method, String endpoint, Set<Integer> ok, Object body) {
        Consumer<OpenSearchExchange> listener = this.listener;
        long start = listener == null ? 0 : System.nanoTime();
        try (Response response = clientFor(endpoint).execute(request)) {
            long answered = listener == null ? 0 : System.nanoTime();
            JsonNode answer = response.getBody().map(OpenSearchHttp::parse).orElse(JSON.nullNode());
            if (listener != null) {
                listener.accept(new OpenSearchExchange(method, endpoint, requestText(body), answered - start,
                        System.nanoTime() - answered, answer.path("took").asLong(-1)));
            }
            if (!ok.contains(response.getStatus())) {
                throw new OpenSearchException(response.getStatus(), method + " " + endpoint + " answered "
                        + response.getStatus() + ": " + abbreviate(answer.path("error").toString()));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch request " + method + " " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    /** The request's body as text (JSON, or newline-delimited JSON from bytes), only for a listener. */
    private static String requestText(Object body) {
        return body == null ? "" : body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) body;
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(Body body) {
        try (InputStream in = body.body()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new OpenSearchException(0, "OpenSearch sent an answer that is not JSON: " + e.getMessage());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 1_000 ? text : text.substring(0, 1_000) + "…";
    }

    private static HttpHost host(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new HttpHost(uri.getScheme(), uri.getHost(), port);
    }

    /** TLS that trusts the certificates of a PEM file (a private CA), and nothing else. */
    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("search.opensearch.ca-certificate " + pem + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read search.opensearch.ca-certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OpenSearch answered, but not as asked: the status, and OpenSearch's own error. */
    static final class OpenSearchException extends RuntimeException {
        private final int status;

        OpenSearchException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
