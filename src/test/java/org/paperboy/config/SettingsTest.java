package org.paperboy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperboy.config.Settings.Key;

class SettingsTest {

    @TempDir
    Path tmp;

    private Path file(String... lines) throws Exception {
        return Files.writeString(tmp.resolve("paperboy.properties"), String.join("\n", lines) + "\n");
    }

    @Test
    void defaults() {
        Settings settings = Settings.defaults();

        assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.dataDir()).isEqualTo(Path.of("data"));
        assertThat(settings.databaseUrl()).isEqualTo("jdbc:sqlite:" + Path.of("data").toAbsolutePath().resolve("paperboy.db"));
        assertThat(settings.databaseUser()).isNull();
        assertThat(settings.databasePassword()).isNull();
        assertThat(settings.jsonLogs()).isFalse();
    }

    @ParameterizedTest(name = "file={0} env={1} flag={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "-,    -,    -,    8080",
            "1111, -,    -,    1111",
            "-,    2222, -,    2222",
            "-,    -,    3333, 3333",
            "1111, 2222, -,    2222",
            "1111, -,    3333, 3333",
            "-,    2222, 3333, 3333",
            "1111, 2222, 3333, 3333",
    })
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault(String inFile, String inEnv, String inFlag,
                                                                      int expected) throws Exception {
        Path config = inFile == null ? null : file("http.port=" + inFile);
        Map<String, String> env = inEnv == null ? Map.of() : Map.of("PAPERBOY_HTTP_PORT", inEnv);
        Map<Key, String> flags = inFlag == null ? Map.of() : Map.of(Key.HTTP_PORT, inFlag);

        assertThat(Settings.resolve(config, env, flags).httpPort()).isEqualTo(expected);
    }

    @Test
    void eachSettingIsResolvedOnItsOwn() throws Exception {
        Path config = file(
                "# a comment",
                "data.dir = /srv/paperboy/data   ",
                "http.host=file.example",
                "http.port=1111",
                "log.format=json",
                "database.user=file-user");
        Map<String, String> env = new HashMap<>();
        env.put("PAPERBOY_HTTP_HOST", "env.example");
        env.put("PAPERBOY_HTTP_PORT", "2222");
        env.put("HTTP_PORT", "9"); // not a Paperboy variable
        env.put("PAPERBOY_DATABASE_URL", "jdbc:postgresql://db.example:5432/paperboy");

        Settings settings = Settings.resolve(config, env, Map.of(Key.HTTP_PORT, "3333"));

        assertThat(settings.httpPort()).isEqualTo(3333);                      // flag
        assertThat(settings.httpHost()).isEqualTo("env.example");             // environment over file
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/paperboy/data")); // file, trimmed
        assertThat(settings.jsonLogs()).isTrue();                             // file over default
        assertThat(settings.databaseUser()).isEqualTo("file-user");
        assertThat(settings.databasePassword()).isNull();                     // default
        assertThat(settings.databaseUrl()).isEqualTo("jdbc:postgresql://db.example:5432/paperboy");
    }

    @Test
    void environmentVariablesAreNamedAfterTheProperty() {
        assertThat(Key.HTTP_PORT.environmentVariable()).isEqualTo("PAPERBOY_HTTP_PORT");
        assertThat(Key.DATA_DIR.environmentVariable()).isEqualTo("PAPERBOY_DATA_DIR");
        assertThat(Key.DATABASE_URL.environmentVariable()).isEqualTo("PAPERBOY_DATABASE_URL");
        for (Key key : Key.values()) {
            assertThat(key.environmentVariable()).matches("PAPERBOY_[A-Z0-9_]+");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "65536", "70000", "999999", "", " 80", "8080x"})
    void anInvalidPortIsAConfigurationError(String port) throws Exception {
        String expected = "http.port must be a number from 0 to 65535, not '" + port + "'";

        assertThatThrownBy(() -> Settings.resolve(null, Map.of(), Map.of(Key.HTTP_PORT, port)))
                .isInstanceOf(ConfigurationException.class).hasMessage(expected);
        assertThatThrownBy(() -> Settings.resolve(null, Map.of("PAPERBOY_HTTP_PORT", port), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessage(expected);
        assertThatThrownBy(() -> Settings.defaults().with(Key.HTTP_PORT, port))
                .isInstanceOf(ConfigurationException.class).hasMessage(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "8080", "65535"})
    void portsFromZeroTo65535AreValid(String port) {
        assertThat(Settings.defaults().with(Key.HTTP_PORT, port).httpPort()).isEqualTo(Integer.parseInt(port));
    }

    @Test
    void otherInvalidValuesAreConfigurationErrors() {
        assertThatThrownBy(() -> Settings.defaults().with(Key.LOG_FORMAT, "xml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("log.format must be 'text' or 'json', not 'xml'");
        assertThatThrownBy(() -> Settings.defaults().with(Key.DATA_DIR, "  "))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("data.dir must not be empty");
        for (String threads : new String[] {"7", "1025", "-1", "many", ""}) {
            assertThatThrownBy(() -> Settings.defaults().with(Key.HTTP_THREADS, threads)).as(threads)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("http.threads must be 0 (automatic) or a number from 8 to 1024, not '" + threads + "'");
        }
        assertThat(Settings.defaults().httpThreads()).isZero();
        assertThat(Settings.defaults().with(Key.HTTP_THREADS, "64").httpThreads()).isEqualTo(64);
    }

    @Test
    void thePublicUrlIsConfiguredOrBuiltFromHostAndPortNeverAnythingElse() {
        assertThat(Settings.defaults().publicUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(Settings.defaults().with(Key.HTTP_HOST, "::1").publicUrl()).isEqualTo("http://[::1]:8080");
        assertThat(Settings.defaults().with(Key.HTTP_PUBLIC_URL, "https://papers.example.org/").publicUrl())
                .isEqualTo("https://papers.example.org");
        assertThat(Settings.defaults().with(Key.HTTP_PUBLIC_URL, "http://10.0.0.5:8443").publicUrl())
                .isEqualTo("http://10.0.0.5:8443");
        for (String bad : new String[] {"papers.example.org", "ftp://papers.example.org", "https://", "https:///x",
                "https://papers.example.org/paperboy", "https://papers.example.org/?a=b", "https://user@papers.example.org",
                "https://papers example.org", "javascript:alert(1)"}) {
            assertThatThrownBy(() -> Settings.defaults().with(Key.HTTP_PUBLIC_URL, bad)).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("http.public-url must be the address users reach the site at")
                    .hasMessageEndingWith("not '" + bad + "'");
        }
    }

    @Test
    void theSearchEngineIsLuceneOrAnOpenSearchClusterWithHosts() throws Exception {
        assertThat(Settings.defaults().openSearch()).isFalse();
        Settings cluster = Settings.defaults().with(Key.SEARCH_OPENSEARCH_HOSTS, " https://os1:9200, http://10.0.0.7:9200/ ,")
                .with(Key.SEARCH_ENGINE, "opensearch");
        assertThat(cluster.openSearch()).isTrue();
        assertThat(cluster.openSearchHosts()).extracting(Object::toString)
                .containsExactly("https://os1:9200", "http://10.0.0.7:9200");
        assertThat(cluster.get(Key.SEARCH_OPENSEARCH_INDEX)).isEqualTo("paperboy");
        assertThatThrownBy(() -> Settings.defaults().with(Key.SEARCH_ENGINE, "solr"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("search.engine must be 'lucene' or 'opensearch', not 'solr'");
        assertThatThrownBy(() -> Settings.defaults().with(Key.SEARCH_ENGINE, "opensearch"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("search.opensearch.hosts is empty");
        for (String bad : new String[] {"os1:9200", "ftp://os1", "https://", "http://os1:9200/prefix", "http://a b"}) {
            assertThatThrownBy(() -> Settings.defaults().with(Key.SEARCH_OPENSEARCH_HOSTS, bad)).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("'" + bad + "' is not one");
        }
        assertThatThrownBy(() -> Settings.defaults().with(Key.SEARCH_OPENSEARCH_SHARDS, "0"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("search.opensearch.shards must be a whole number from 1, not '0'");
        assertThatThrownBy(() -> Settings.defaults().with(Key.SEARCH_OPENSEARCH_REPLICAS, "one"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("search.opensearch.replicas must be a whole number, not 'one'");
        assertThatThrownBy(() -> Settings.defaults().with(Key.SEARCH_OPENSEARCH_INDEX, "Papers*"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must be an OpenSearch index name");
        assertThatThrownBy(() -> Settings.defaults().with(Key.SEARCH_OPENSEARCH_CA_CERTIFICATE, tmp.resolve("none.pem").toString()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("names no readable file");
        assertThatThrownBy(() -> Settings.defaults().with(Key.SEARCH_OPENSEARCH_USERNAME, "paperboy"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("go together");
    }

    @Test
    void trustedProxiesAreAddressesAndBlocksNeverNames() {
        assertThat(Settings.defaults().trustedProxies()).containsExactly("127.0.0.0/8", "::1");
        assertThat(Settings.defaults().with(Key.HTTP_TRUSTED_PROXIES, " 10.0.0.5, 172.16.0.0/12,fd00::/8 ,").trustedProxies())
                .containsExactly("10.0.0.5", "172.16.0.0/12", "fd00::/8");
        for (String bad : new String[] {"proxy.internal", "10.0.0", "10.0.0.0/33", "fd00::/129", "10.0.0.0/8/8",
                "999.1.1.1", "10.0.0.1-10.0.0.9", "cafe"}) {
            assertThatThrownBy(() -> Settings.defaults().with(Key.HTTP_TRUSTED_PROXIES, "127.0.0.1," + bad)).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("'" + bad + "' is not one");
        }
        assertThatThrownBy(() -> Settings.defaults().with(Key.HTTP_MIN_BODY_RATE, "fast"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("http.min-body-rate must be a whole number of bytes per second, not 'fast'");
    }

    @Test
    void anUnknownSettingInTheFileIsAnError() throws Exception {
        Path config = file("http.port=8080", "http.prot=9090");

        assertThatThrownBy(() -> Settings.resolve(config, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown setting 'http.prot' in " + config);
    }

    @Test
    void aNamedFileThatIsMissingIsAnError() {
        Path missing = tmp.resolve("missing.properties");

        assertThatThrownBy(() -> Settings.resolve(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("cannot read configuration file " + missing);
    }

    @Test
    void withChangesACopy() {
        Settings original = Settings.defaults();
        Settings changed = original.with(Key.HTTP_PORT, "0").with(Key.DATA_DIR, tmp.toString());

        assertThat(changed.httpPort()).isZero();
        assertThat(changed.dataDir()).isEqualTo(tmp);
        assertThat(changed.databaseUrl()).isEqualTo("jdbc:sqlite:" + tmp.toAbsolutePath().resolve("paperboy.db"));
        assertThat(original.httpPort()).isEqualTo(8080);
        assertThat(original.dataDir()).isEqualTo(Path.of("data"));
    }

    @Test
    void mailIsOffUntilAnSmtpHostIsSet() {
        assertThat(Settings.defaults().mailEnabled()).isFalse();
        assertThat(Settings.defaults().get(Key.MAIL_SMTP_PORT)).isEqualTo("587");
        assertThat(Settings.defaults().get(Key.MAIL_SMTP_TLS)).isEqualTo("starttls");
        assertThat(Settings.defaults().integer(Key.MAIL_TIMEOUT)).isEqualTo(30);

        Settings on = Settings.resolve(null, Map.of("PAPERBOY_MAIL_SMTP_HOST", "smtp.example.org",
                "PAPERBOY_MAIL_FROM", "\"Paperboy\" <papers@example.org>"), Map.of());
        assertThat(on.mailEnabled()).isTrue();
    }

    @Test
    void anSmtpHostNeedsASender() {
        assertThatThrownBy(() -> Settings.resolve(null, Map.of("PAPERBOY_MAIL_SMTP_HOST", "smtp.example.org"), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("mail.from must be set");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "mail.smtp.port | 0              | mail.smtp.port must be a number from 1 to 65535, not '0'",
            "mail.smtp.port | 70000          | mail.smtp.port must be a number from 1 to 65535, not '70000'",
            "mail.smtp.tls  | ssl            | mail.smtp.tls must be 'none', 'starttls' or 'tls', not 'ssl'",
            "mail.timeout   | 0              | mail.timeout must be a whole number of seconds from 1, not '0'",
            "mail.timeout   | 2.5            | mail.timeout must be a whole number of seconds from 1, not '2.5'",
            "mail.smtp.host | smtp.example.org:587 | mail.smtp.host must be a host name or address such as smtp.example.org (the port goes in mail.smtp.port), not 'smtp.example.org:587'",
            "mail.from      | papers         | mail.from must be an address such as papers@example.org or \"Paperboy <papers@example.org>\", not 'papers'",
            "mail.from      | a@example.org, b@example.org | mail.from must be an address such as papers@example.org or \"Paperboy <papers@example.org>\", not 'a@example.org, b@example.org'",
            "mail.reply-to  | Editors <editors@ | mail.reply-to must be an address such as papers@example.org or \"Paperboy <papers@example.org>\", not 'Editors <editors@'",
    })
    void badMailSettingsAreRejected(String property, String value, String expected) throws Exception {
        Path config = file("mail.from=papers@example.org", property + "=" + value);

        assertThatThrownBy(() -> Settings.resolve(config, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessage(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"papers@example.org", "Paperboy <papers@example.org>", "\"Paperboy, daily\" <papers@example.org>"})
    void aSenderMayHaveADisplayName(String from) throws Exception {
        Path config = file("mail.smtp.host=smtp.example.org", "mail.from=" + from, "mail.smtp.tls=tls",
                "mail.smtp.port=465", "mail.timeout=10");

        assertThat(Settings.resolve(config, Map.of(), Map.of()).mailEnabled()).isTrue();
    }
}
