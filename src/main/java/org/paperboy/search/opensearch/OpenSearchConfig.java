package org.paperboy.search.opensearch;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.paperboy.config.Settings;

/**
 * Where the OpenSearch engine's cluster is and how its indexes are made: the {@code search.opensearch.*} settings.
 *
 * @param hosts         the nodes' URLs (http or https)
 * @param username      basic-authentication user, or empty for none
 * @param caCertificate a PEM file of the certificate authority to trust for https, or null for the JVM's trust store
 * @param alias         the alias searched; each built index is named {@code alias-<timestamp>}
 */
public record OpenSearchConfig(List<URI> hosts, String username, String password, Path caCertificate, String alias,
                               int shards, int replicas) {

    public OpenSearchConfig {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no OpenSearch host given");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    /** A cluster without authentication or TLS of its own, e.g. for tests. */
    public static OpenSearchConfig of(List<URI> hosts, String alias, int shards, int replicas) {
        return new OpenSearchConfig(hosts, "", "", null, alias, shards, replicas);
    }

    public static OpenSearchConfig of(Settings settings) {
        String ca = settings.get(Settings.Key.SEARCH_OPENSEARCH_CA_CERTIFICATE).strip();
        return new OpenSearchConfig(settings.openSearchHosts(),
                settings.get(Settings.Key.SEARCH_OPENSEARCH_USERNAME).strip(),
                settings.get(Settings.Key.SEARCH_OPENSEARCH_PASSWORD),
                ca.isEmpty() ? null : Path.of(ca),
                settings.get(Settings.Key.SEARCH_OPENSEARCH_INDEX).strip(),
                settings.integer(Settings.Key.SEARCH_OPENSEARCH_SHARDS),
                settings.integer(Settings.Key.SEARCH_OPENSEARCH_REPLICAS));
    }

    /** The same cluster with another alias (a test's own index). */
    public OpenSearchConfig withAlias(String other) {
        return new OpenSearchConfig(hosts, username, password, caCertificate, other, shards, replicas);
    }
}
