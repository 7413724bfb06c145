package org.paperboy.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Paperboy's configuration. Every setting has a property name ({@code http.port}); it can be given in a properties
 * file, as an environment variable ({@code PAPERBOY_HTTP_PORT}) or as a command-line flag ({@code --port}). A flag
 * wins over the environment, which wins over the file, which wins over the default.
 */
public final class Settings {

    /** Every setting Paperboy reads, with its default and what it means (printed by {@code paperboy --help}). */
    public enum Key {
        DATA_DIR("data.dir", "data", "directory for the SQLite database, search index and other state"),
        HTTP_HOST("http.host", "127.0.0.1", "address the web server listens on (0.0.0.0 for all interfaces)"),
        HTTP_PORT("http.port", "8080", "port the web server listens on"),
        HTTP_BEHIND_PROXY("http.behind-proxy", "false", "'true' when a reverse proxy (nginx, Caddy) forwards to "
                + "Paperboy: client addresses (for rate limits) and https (for Secure cookies) are then read from its "
                + "X-Forwarded-For and X-Forwarded-Proto headers, when the proxy is one of http.trusted-proxies"),
        HTTP_TRUSTED_PROXIES("http.trusted-proxies", "127.0.0.0/8,::1", "addresses and CIDR blocks of the reverse "
                + "proxies, comma-separated (with http.behind-proxy): the client is the address the nearest of them "
                + "added to X-Forwarded-For; anyone else's forwarding headers are ignored"),
        HTTP_PUBLIC_URL("http.public-url", "", "the address users reach the site at, e.g. https://papers.example.org, "
                + "for absolute links (feeds); empty means http://HOST:PORT from http.host and http.port"),
        HTTP_MIN_BODY_RATE("http.min-body-rate", "256", "bytes per second, at least, at which a request body must "
                + "arrive once it has begun; a slower one is cut off with 408 (0: no minimum)"),
        HTTP_THREADS("http.threads", "0", "most requests served at once, from 8 to 1024; 0: 8 per core, at least 16 "
                + "(more helps when many requests wait on a remote embedding endpoint)"),
        HTTP_WARMUP_SECONDS("http.warmup-seconds", "30", "most seconds a starting server spends loading its own "
                + "busiest pages over loopback (so that the JIT compiles them) before /healthz says ready; it stops "
                + "sooner once they stop getting faster; 0: no page warm-up"),
        DATABASE_URL("database.url", "", "JDBC URL of the store; empty means SQLite at DATA_DIR/paperboy.db; "
                + "jdbc:postgresql://HOST:PORT/DB for PostgreSQL"),
        DATABASE_USER("database.user", "", "database user (PostgreSQL)"),
        DATABASE_PASSWORD("database.password", "", "database password (PostgreSQL)"),
        LOG_FORMAT("log.format", "text", "log lines as 'text' or 'json' (one object per line)"),
        EMBEDDING_PROVIDER("embedding.provider", "onnx", "who computes paper and query vectors: 'onnx' (in-process "
                + "bge-small-en-v1.5 on the CPU), 'openai' (an OpenAI-compatible /v1/embeddings endpoint) or 'none'"),
        EMBEDDING_URL("embedding.url", "", "base URL of the OpenAI-compatible endpoint, e.g. http://gpu-box:8000 "
                + "(provider openai)"),
        EMBEDDING_MODEL("embedding.model", "", "provider openai: the model name sent to the endpoint, e.g. "
                + "BAAI/bge-small-en-v1.5 (vectors are stored under this name); provider onnx: 'bge-small-en-v1.5-q' "
                + "(int8, the default when empty) or 'bge-small-en-v1.5' (fp32)"),
        EMBEDDING_API_KEY("embedding.api-key", "", "bearer token for the endpoint, if it wants one (provider openai)"),
        SUBMIT_MAX_AGE_DAYS("submit.max-age-days", "14", "only papers published at most this many days ago can be "
                + "submitted to the daily feed (0: any age)"),
        SUBMIT_DAILY_LIMIT("submit.daily-limit", "10", "how many papers one member may submit per day"),
        SEARCH_RATE_LIMIT("search.rate-limit", "600", "searches (page, API and feed) one client address may run per "
                + "minute, in bursts of as many; 0: no limit"),
        SEARCH_QUERY_VECTORS("search.query-vectors", "1000", "how many recent queries' vectors the server keeps, so "
                + "that a search asked again (its next page) is not embedded again; 0: embed every query"),
        SEARCH_ENGINE("search.engine", "lucene", "the search engine: 'lucene' (an index in DATA_DIR/index, in "
                + "process) or 'opensearch' (an OpenSearch cluster at search.opensearch.hosts, shared by every node)"),
        SEARCH_OPENSEARCH_HOSTS("search.opensearch.hosts", "", "the OpenSearch nodes' URLs, comma-separated, e.g. "
                + "https://os1:9200,https://os2:9200 (search.engine opensearch)"),
        SEARCH_OPENSEARCH_USERNAME("search.opensearch.username", "", "OpenSearch user (basic authentication); empty: "
                + "none"),
        SEARCH_OPENSEARCH_PASSWORD("search.opensearch.password", "", "that user's password"),
        SEARCH_OPENSEARCH_CA_CERTIFICATE("search.opensearch.ca-certificate", "", "a PEM file of the certificate "
                + "authority to trust for https hosts; empty: the JVM's default trust store"),
        SEARCH_OPENSEARCH_INDEX("search.opensearch.index", "paperboy", "the alias Paperboy searches; each rebuild "
                + "creates an index ALIAS-<timestamp> and moves the alias to it"),
        SEARCH_OPENSEARCH_SHARDS("search.opensearch.shards", "1", "primary shards of a new index"),
        SEARCH_OPENSEARCH_REPLICAS("search.opensearch.replicas", "1", "replicas of each shard of a new index"),
        ARXIV_HARVEST("arxiv.harvest", "true", "'true': the server harvests new papers and reads arXiv's announcement "
                + "listings on schedule (the demo's default is 'false')"),
        ARXIV_SETS("arxiv.sets", "cs", "arXiv sets to harvest, comma-separated: an archive (cs, math, hep-th), a "
                + "category (cs:cs:AI) or a group:archive:category set spec"),
        ARXIV_CONTACT("arxiv.contact", "", "an e-mail address arXiv can reach the site's operator at, sent in the "
                + "User-Agent of every request (arXiv asks harvesters to identify themselves)"),
        ARXIV_REQUEST_INTERVAL("arxiv.request-interval", "3", "seconds between two requests to arXiv, shared by every "
                + "Paperboy process on the store (arXiv's rule: one request every 3 s, one connection at a time)"),
        ARXIV_OAI_URL("arxiv.oai-url", "https://oaipmh.arxiv.org/oai", "base URL of arXiv's OAI-PMH interface (or a "
                + "mirror's)"),
        ARXIV_LISTING_URL("arxiv.listing-url", "https://rss.arxiv.org/atom/", "base URL of arXiv's announcement feeds; "
                + "the categories, joined by '+', are appended"),
        ARXIV_API_URL("arxiv.api-url", "https://export.arxiv.org/api/query", "arXiv's search API, used to fetch a "
                + "paper by id when OAI-PMH does not have it yet"),
        ARXIV_FETCH_TIMEOUT("arxiv.fetch-timeout", "10", "seconds a member's submission waits for arXiv when it "
                + "fetches a paper the catalog lacks"),
        ARXIV_HARVEST_CRON("arxiv.harvest-cron", "0 45 23,5,11,17 * * *", "when the server harvests, as a cron "
                + "expression with seconds first, in arXiv's time zone (US Eastern): by default every six hours, the "
                + "first an hour after arXiv's evening update (about 22:30); '-' never"),
        ARXIV_LISTING_CRON("arxiv.listing-cron", "0 30 0,6,12,18 * * MON-FRI", "when the server reads arXiv's "
                + "announcement feeds, likewise: each feed shows one announcement all day from midnight US Eastern, "
                + "Monday to Friday, and is read four times over it so that a late or failed read is made good; '-' never"),
        ARXIV_STALE_AFTER("arxiv.stale-after", "48", "hours without a completed harvest after which /healthz reports "
                + "the site unhealthy (0: never)"),
        ARXIV_HOLIDAYS("arxiv.holidays", "2026-01-01,2026-01-19,2026-06-19,2026-07-03,2026-09-07,2026-11-26,"
                + "2026-12-25,2026-12-29,2026-12-31", "arXiv's holidays (its published schedule), comma-separated: no "
                + "deadline that day, so no announcement that evening (on Sunday, for a Friday); used to estimate the "
                + "announced day of papers whose listing was missed"),
        SCHEDULER_STOP_WAIT_SECONDS("scheduler.stop-wait-seconds", "10", "seconds that stopping waits for running "
                + "scheduled jobs: they are told to stop at once and interrupted after half of it; a run cut short is "
                + "due again at once, on another node or at the next start"),
        MAIL_SMTP_HOST("mail.smtp.host", "", "SMTP server that sends Paperboy's mail; empty: mail is off"),
        MAIL_SMTP_PORT("mail.smtp.port", "587", "port of the SMTP server (587 for starttls, 465 for tls, 25 for none)"),
        MAIL_SMTP_TLS("mail.smtp.tls", "starttls", "how the connection to the SMTP server is encrypted: 'starttls' "
                + "(upgraded after connecting, required), 'tls' (from the first byte) or 'none' (only on a trusted "
                + "network)"),
        MAIL_SMTP_USER("mail.smtp.user", "", "user name for SMTP authentication; empty: none"),
        MAIL_SMTP_PASSWORD("mail.smtp.password", "", "password for SMTP authentication"),
        MAIL_FROM("mail.from", "", "sender of Paperboy's mail, as papers@example.org or \"Paperboy <papers@example.org>\" "
                + "(required when mail.smtp.host is set)"),
        MAIL_REPLY_TO("mail.reply-to", "", "address replies go to; empty: the sender"),
        MAIL_TIMEOUT("mail.timeout", "30", "seconds to connect to the SMTP server, and to wait for each of its replies "
                + "or each write"),
        MAIL_DKIM_DOMAIN("mail.dkim.domain", "", "domain that signs Paperboy's mail with DKIM (d=), such as "
                + "example.org; empty: mail is not signed (the mail server may sign it)"),
        MAIL_DKIM_SELECTOR("mail.dkim.selector", "", "DKIM selector (s=): the public key is published at "
                + "SELECTOR._domainkey.DOMAIN"),
        MAIL_DKIM_KEY_FILE("mail.dkim.key-file", "", "the DKIM private key: an RSA key in PKCS#8, PEM "
                + "(-----BEGIN PRIVATE KEY-----) or DER"),
        MAIL_DIGEST_CRON("mail.digest-cron", "0 15 1,7,13,19 * * MON-FRI", "when the server queues the day's digests, "
                + "as a cron expression with seconds first, in arXiv's time zone (US Eastern): by default 45 minutes "
                + "after each reading of the announcement feeds; a run queues only once the day's listing is read, and "
                + "only what is not queued yet; '-' never"),
        MAIL_WEEKLY_DAY("mail.weekly-day", "friday", "the day of the week weekly digests go out, with the papers of "
                + "the seven days ending that day"),
        ALERTS_THRESHOLD("alerts.threshold", "0.79", "cosine similarity, from -1 to 1, from which a new paper matches a "
                + "member's saved alert (calibrated on SciFact's train split: docs/benchmarks.md, \"Saved alerts\")"),
        ALERTS_MATCH_CRON("alerts.match-cron", "0 */5 * * * *", "when the server matches new papers against saved "
                + "alerts, as a cron expression with seconds first, in UTC; '-' never");

        public final String property;
        public final String defaultValue;
        public final String description;

        Key(String property, String defaultValue, String description) {
            this.property = property;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        public String environmentVariable() {
            return "PAPERBOY_" + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    private final Map<Key, String> values;

    private Settings(Map<Key, String> values) {
        this.values = values;
    }

    /**
     * Resolves every setting.
     *
     * @param configFile a properties file, or null for none; a file that is named but missing is an error
     * @param environment the process environment (only {@code PAPERBOY_*} variables are read)
     * @param flags values given on the command line, by key
     */
    public static Settings resolve(Path configFile, Map<String, String> environment, Map<Key, String> flags) {
        return resolve(configFile, environment, flags, Map.of());
    }

    /** As above, with some defaults replaced (a command for which other defaults make sense, like the demo). */
    public static Settings resolve(Path configFile, Map<String, String> environment, Map<Key, String> flags,
                                   Map<Key, String> defaults) {
        Properties file = configFile == null ? new Properties() : read(configFile);
        Map<Key, String> values = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            String value = defaults.getOrDefault(key, key.defaultValue);
            if (file.getProperty(key.property) != null) {
                value = file.getProperty(key.property).strip();
            }
            if (environment.get(key.environmentVariable()) != null) {
                value = environment.get(key.environmentVariable());
            }
            if (flags.get(key) != null) {
                value = flags.get(key);
            }
            values.put(key, value);
        }
        for (Object name : file.keySet()) {
            if (java.util.Arrays.stream(Key.values()).noneMatch(k -> k.property.equals(name))) {
                throw new ConfigurationException("unknown setting '" + name + "' in " + configFile);
            }
        }
        Settings settings = new Settings(values);
        settings.validate();
        return settings;
    }

    public static Settings defaults() {
        return resolve(null, Map.of(), Map.of());
    }

    /** A copy with one setting changed; for tests and embedding. */
    public Settings with(Key key, String value) {
        Map<Key, String> copy = new HashMap<>(values);
        copy.put(key, value);
        Settings settings = new Settings(copy);
        settings.validate();
        return settings;
    }

    public String get(Key key) {
        return values.get(key);
    }

    public Path dataDir() {
        return Path.of(get(Key.DATA_DIR));
    }

    public String httpHost() {
        return get(Key.HTTP_HOST);
    }

    public int httpPort() {
        return Integer.parseInt(get(Key.HTTP_PORT));
    }

    /** The JDBC URL of the store: the configured one, else SQLite in the data directory. */
    public String databaseUrl() {
        String url = get(Key.DATABASE_URL);
        return url.isBlank() ? "jdbc:sqlite:" + dataDir().toAbsolutePath().resolve("paperboy.db") : url;
    }

    public String databaseUser() {
        return emptyToNull(get(Key.DATABASE_USER));
    }

    public String databasePassword() {
        return emptyToNull(get(Key.DATABASE_PASSWORD));
    }

    public boolean behindProxy() {
        return get(Key.HTTP_BEHIND_PROXY).equals("true");
    }

    /** The configured reverse proxies' addresses and CIDR blocks ({@link #behindProxy}). */
    public java.util.List<String> trustedProxies() {
        return java.util.Arrays.stream(get(Key.HTTP_TRUSTED_PROXIES).split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Where users reach the site, without a trailing slash: the configured address, else http://HOST:PORT. */
    public String publicUrl() {
        String configured = get(Key.HTTP_PUBLIC_URL).strip();
        if (!configured.isEmpty()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        String host = httpHost().contains(":") ? "[" + httpHost() + "]" : httpHost();
        return "http://" + host + ":" + httpPort();
    }

    /** The web server's request threads as configured, or 0 to let it choose from the number of cores. */
    public int httpThreads() {
        return integer(Key.HTTP_THREADS);
    }

    /** A setting that {@link #validate} checked is a whole number. */
    public int integer(Key key) {
        return Integer.parseInt(get(key));
    }

    /** Whether Paperboy sends mail: an SMTP server is configured ({@link #validate} then checked the rest). */
    public boolean mailEnabled() {
        return !get(Key.MAIL_SMTP_HOST).isBlank();
    }

    /** The domain mail is sent from, for Message-IDs: that of {@code mail.from}, else of the public URL. */
    public String mailDomain() {
        String from = get(Key.MAIL_FROM).strip();
        int at = from.lastIndexOf('@');
        if (at >= 0) {
            return from.substring(at + 1).replace(">", "").strip();
        }
        return java.net.URI.create(publicUrl()).getHost().replace("[", "").replace("]", "");
    }

    public boolean jsonLogs() {
        return get(Key.LOG_FORMAT).equals("json");
    }

    private void validate() {
        String port = get(Key.HTTP_PORT);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
            throw new ConfigurationException("http.port must be a number from 0 to 65535, not '" + port + "'");
        }
        if (!get(Key.LOG_FORMAT).matches("text|json")) {
            throw new ConfigurationException("log.format must be 'text' or 'json', not '" + get(Key.LOG_FORMAT) + "'");
        }
        if (!get(Key.HTTP_BEHIND_PROXY).matches("true|false")) {
            throw new ConfigurationException("http.behind-proxy must be 'true' or 'false'");
        }
        String threads = get(Key.HTTP_THREADS);
        int threadCount = threads.matches("\\d{1,4}") ? Integer.parseInt(threads) : -1;
        if (threadCount != 0 && (threadCount < 8 || threadCount > 1024)) {
            throw new ConfigurationException("http.threads must be 0 (automatic) or a number from 8 to 1024, not '"
                    + threads + "'");
        }
        if (!get(Key.HTTP_MIN_BODY_RATE).matches("\\d{1,9}")) {
            throw new ConfigurationException("http.min-body-rate must be a whole number of bytes per second, not '"
                    + get(Key.HTTP_MIN_BODY_RATE) + "'");
        }
        for (String proxy : trustedProxies()) {
            if (!isAddressOrBlock(proxy)) {
                throw new ConfigurationException("http.trusted-proxies must list IP addresses or CIDR blocks "
                        + "(such as 10.0.0.5, 10.0.0.0/8 or fd00::/8), separated by commas; '" + proxy + "' is not one");
            }
        }
        validatePublicUrl(get(Key.HTTP_PUBLIC_URL).strip());
        for (Key key : java.util.List.of(Key.SUBMIT_MAX_AGE_DAYS, Key.SUBMIT_DAILY_LIMIT, Key.SEARCH_RATE_LIMIT,
                Key.SEARCH_QUERY_VECTORS, Key.SCHEDULER_STOP_WAIT_SECONDS, Key.HTTP_WARMUP_SECONDS)) {
            if (!get(key).matches("\\d{1,6}") || (key == Key.SUBMIT_DAILY_LIMIT && integer(key) == 0)) {
                throw new ConfigurationException(key.property + " must be a whole number"
                        + (key == Key.SUBMIT_DAILY_LIMIT ? " from 1" : "") + ", not '" + get(key) + "'");
            }
        }
        validateArxiv();
        validateMail();
        validateSearchEngine();
        alertThreshold();
        if (get(Key.DATA_DIR).isBlank()) {
            throw new ConfigurationException("data.dir must not be empty");
        }
    }

    /** Whether search runs on an OpenSearch cluster ({@code search.engine=opensearch}) rather than in process. */
    public boolean openSearch() {
        return get(Key.SEARCH_ENGINE).strip().equals("opensearch");
    }

    /** The OpenSearch nodes of {@code search.opensearch.hosts}, checked by {@link #validate}. */
    public java.util.List<java.net.URI> openSearchHosts() {
        return java.util.Arrays.stream(get(Key.SEARCH_OPENSEARCH_HOSTS).split(",")).map(String::strip)
                .filter(h -> !h.isEmpty()).map(h -> java.net.URI.create(h.endsWith("/") ? h.substring(0, h.length() - 1) : h))
                .toList();
    }

    private void validateSearchEngine() {
        String engine = get(Key.SEARCH_ENGINE).strip();
        if (!engine.matches("lucene|opensearch")) {
            throw new ConfigurationException("search.engine must be 'lucene' or 'opensearch', not '" + engine + "'");
        }
        for (Key key : java.util.List.of(Key.SEARCH_OPENSEARCH_SHARDS, Key.SEARCH_OPENSEARCH_REPLICAS)) {
            String value = get(key).strip();
            if (!value.matches("\\d{1,4}") || (key == Key.SEARCH_OPENSEARCH_SHARDS && Integer.parseInt(value) == 0)) {
                throw new ConfigurationException(key.property + " must be a whole number"
                        + (key == Key.SEARCH_OPENSEARCH_SHARDS ? " from 1" : "") + ", not '" + value + "'");
            }
        }
        String alias = get(Key.SEARCH_OPENSEARCH_INDEX).strip();
        if (!alias.matches("[a-z0-9][a-z0-9_.-]{0,200}")) {
            throw new ConfigurationException("search.opensearch.index must be an OpenSearch index name (lower-case "
                    + "letters, digits, '-', '_', '.'), not '" + alias + "'");
        }
        for (String host : get(Key.SEARCH_OPENSEARCH_HOSTS).split(",")) {
            String h = host.strip();
            if (h.isEmpty()) {
                continue;
            }
            java.net.URI uri;
            try {
                uri = new java.net.URI(h);
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                throw new ConfigurationException("search.opensearch.hosts must list http:// or https:// URLs "
                        + "(such as https://os1:9200), separated by commas; '" + h + "' is not one");
            }
        }
        if (openSearch() && openSearchHosts().isEmpty()) {
            throw new ConfigurationException("search.engine is 'opensearch' but search.opensearch.hosts is empty: "
                    + "list the OpenSearch nodes' URLs");
        }
        String ca = get(Key.SEARCH_OPENSEARCH_CA_CERTIFICATE).strip();
        if (!ca.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(ca))) {
            throw new ConfigurationException("search.opensearch.ca-certificate names no readable file: '" + ca + "'");
        }
        if (get(Key.SEARCH_OPENSEARCH_USERNAME).isBlank() != get(Key.SEARCH_OPENSEARCH_PASSWORD).isEmpty()) {
            throw new ConfigurationException("search.opensearch.username and search.opensearch.password go together: "
                    + "set both or neither");
        }
    }

    /** {@code alerts.threshold}, checked to be a cosine similarity. */
    public double alertThreshold() {
        String value = get(Key.ALERTS_THRESHOLD).strip();
        try {
            double threshold = Double.parseDouble(value);
            if (threshold >= -1 && threshold <= 1) {
                return threshold;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigurationException("alerts.threshold must be a number from -1 to 1 (a cosine similarity), not '"
                + value + "'");
    }

    /** The arXiv sets to harvest, as OAI set specs ({@code cs} stays {@code cs}; arXiv accepts both spellings). */
    public java.util.List<String> arxivSets() {
        return java.util.Arrays.stream(get(Key.ARXIV_SETS).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList();
    }

    /** A setting that {@link #validate} checked is a number of seconds, fractions allowed. */
    public java.time.Duration seconds(Key key) {
        return java.time.Duration.ofMillis(Math.round(Double.parseDouble(get(key)) * 1000));
    }

    public boolean flag(Key key) {
        return get(key).equals("true");
    }

    /** arXiv's announcement holidays ({@code arxiv.holidays}). */
    public java.util.Set<java.time.LocalDate> arxivHolidays() {
        return java.util.Arrays.stream(get(Key.ARXIV_HOLIDAYS).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(java.time.LocalDate::parse).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private void validateArxiv() {
        if (!get(Key.ARXIV_HARVEST).matches("true|false")) {
            throw new ConfigurationException("arxiv.harvest must be 'true' or 'false'");
        }
        if (arxivSets().isEmpty() || arxivSets().stream().anyMatch(set -> !set.matches("[a-z][a-z-]*(:[A-Za-z.-]+)*"))) {
            throw new ConfigurationException("arxiv.sets must list arXiv sets such as cs, math, physics:hep-th or "
                    + "cs:cs:AI, separated by commas, not '" + get(Key.ARXIV_SETS) + "'");
        }
        String contact = get(Key.ARXIV_CONTACT).strip();
        if (!contact.isEmpty() && !contact.matches("[^\\s@<>()\"]+@[^\\s@<>()\"]+")) {
            throw new ConfigurationException("arxiv.contact must be an e-mail address such as ops@example.org, not '"
                    + contact + "'");
        }
        for (Key key : java.util.List.of(Key.ARXIV_REQUEST_INTERVAL, Key.ARXIV_FETCH_TIMEOUT)) {
            if (!get(key).matches("\\d{1,4}(\\.\\d{1,3})?")) {
                throw new ConfigurationException(key.property + " must be a number of seconds (such as 3 or 0.5), not '"
                        + get(key) + "'");
            }
        }
        if (seconds(Key.ARXIV_FETCH_TIMEOUT).isZero()) {
            throw new ConfigurationException("arxiv.fetch-timeout must be more than 0 seconds");
        }
        if (!get(Key.ARXIV_STALE_AFTER).matches("\\d{1,5}")) {
            throw new ConfigurationException("arxiv.stale-after must be a whole number of hours, not '"
                    + get(Key.ARXIV_STALE_AFTER) + "'");
        }
        for (Key key : java.util.List.of(Key.ARXIV_OAI_URL, Key.ARXIV_LISTING_URL, Key.ARXIV_API_URL)) {
            if (!get(key).matches("https?://[^\\s]+")) {
                throw new ConfigurationException(key.property + " must be an http or https URL, not '" + get(key) + "'");
            }
        }
        try {
            arxivHolidays();
        } catch (java.time.DateTimeException e) {
            throw new ConfigurationException("arxiv.holidays must list days as YYYY-MM-DD, separated by commas, not '"
                    + get(Key.ARXIV_HOLIDAYS) + "'");
        }
    }

    /** The day weekly digests go out ({@code mail.weekly-day}). */
    public java.time.DayOfWeek weeklyDigestDay() {
        return java.time.DayOfWeek.valueOf(get(Key.MAIL_WEEKLY_DAY).strip().toUpperCase(Locale.ROOT));
    }

    private void validateMail() {
        try {
            weeklyDigestDay();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mail.weekly-day must be a day of the week such as friday, not '"
                    + get(Key.MAIL_WEEKLY_DAY) + "'");
        }
        String port = get(Key.MAIL_SMTP_PORT);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            throw new ConfigurationException("mail.smtp.port must be a number from 1 to 65535, not '" + port + "'");
        }
        if (!get(Key.MAIL_SMTP_TLS).matches("none|starttls|tls")) {
            throw new ConfigurationException("mail.smtp.tls must be 'none', 'starttls' or 'tls', not '"
                    + get(Key.MAIL_SMTP_TLS) + "'");
        }
        String timeout = get(Key.MAIL_TIMEOUT);
        if (!timeout.matches("\\d{1,4}") || Integer.parseInt(timeout) == 0) {
            throw new ConfigurationException("mail.timeout must be a whole number of seconds from 1, not '" + timeout + "'");
        }
        if (get(Key.MAIL_SMTP_HOST).strip().matches(".*[\\s/:@].*")) {
            throw new ConfigurationException("mail.smtp.host must be a host name or address such as smtp.example.org "
                    + "(the port goes in mail.smtp.port), not '" + get(Key.MAIL_SMTP_HOST) + "'");
        }
        if (mailEnabled() && get(Key.MAIL_FROM).isBlank()) {
            throw new ConfigurationException("mail.from must be set when mail.smtp.host is: the sender's address, "
                    + "such as \"Paperboy <papers@example.org>\"");
        }
        if (!get(Key.MAIL_DKIM_DOMAIN).isBlank()
                && (get(Key.MAIL_DKIM_SELECTOR).isBlank() || get(Key.MAIL_DKIM_KEY_FILE).isBlank())) {
            throw new ConfigurationException("mail.dkim.domain needs mail.dkim.selector and mail.dkim.key-file");
        }
        for (Key key : java.util.List.of(Key.MAIL_FROM, Key.MAIL_REPLY_TO)) {
            if (!get(key).isBlank() && !isMailbox(get(key))) {
                throw new ConfigurationException(key.property + " must be an address such as papers@example.org or "
                        + "\"Paperboy <papers@example.org>\", not '" + get(key) + "'");
            }
        }
    }

    /** One mailbox, bare or with a display name, as RFC 5322 has it (parsed strictly by Jakarta Mail). */
    private static boolean isMailbox(String text) {
        try {
            jakarta.mail.internet.InternetAddress[] parsed = jakarta.mail.internet.InternetAddress.parse(text.strip(), true);
            return parsed.length == 1 && parsed[0].getAddress().matches("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
        } catch (jakarta.mail.internet.AddressException e) {
            return false;
        }
    }

    /** An IPv4 or IPv6 address, optionally with a prefix length: checked without a DNS lookup. */
    private static boolean isAddressOrBlock(String text) {
        String[] parts = text.split("/", -1);
        boolean v4 = parts[0].matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = parts[0].matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
        if (parts.length > 2 || !(v4 || v6)
                || parts.length == 2 && !(parts[1].matches("\\d{1,3}") && Integer.parseInt(parts[1]) <= (v4 ? 32 : 128))) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(parts[0]); // a literal, so only parsed
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Empty, or an http(s) address with a host and nothing after it: pages link from the root of the site. */
    private static void validatePublicUrl(String url) {
        if (url.isEmpty()) {
            return;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        boolean valid = uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
                && uri.getRawFragment() == null && (uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
        if (!valid) {
            throw new ConfigurationException("http.public-url must be the address users reach the site at, such as "
                    + "https://papers.example.org (http or https, a host, an optional port, no path), not '" + url + "'");
        }
    }

    private static Properties read(Path configFile) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read configuration file " + configFile + ": " + e.getMessage());
        }
        return properties;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
