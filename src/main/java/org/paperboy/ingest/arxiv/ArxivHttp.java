package org.paperboy.ingest.arxiv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paperboy's one way of asking arXiv something: OAI-PMH, the announcement feeds and the search API all go through
 * here, so arXiv's rules hold for all of them. One request at a time per process, each after its turn on the store's
 * {@link RequestClock}; a User-Agent that names the site and its operator; timeouts on connecting, on every read and
 * on the whole answer. {@code 503} and {@code 429} are waited out for as long as {@code Retry-After} asks, within a
 * bound; a dropped connection, a timeout or a 5xx is tried again after a growing pause; any other answer is final.
 */
public final class ArxivHttp {

    private static final Logger log = LoggerFactory.getLogger(ArxivHttp.class);

    /** A ListRecords page is a few MB; far more is a broken or hostile server, and parsing it would take minutes. */
    static final long MAX_RESPONSE_BYTES = 256L << 20;
    private static final int ERROR_TEXT_CHARS = 300;

    /**
     * How patient to be.
     *
     * @param attempts      requests per call, first included, before giving up
     * @param firstBackoff  pause before the second attempt after a failure without Retry-After; doubles each time
     * @param maxRetryAfter the longest Retry-After honoured; a longer one ends the call (arXiv is down for a while)
     * @param deadline      the most one call may take, waits and retries included
     */
    public record Options(Duration interval, Duration connectTimeout, Duration readTimeout, int attempts,
                          Duration firstBackoff, Duration maxRetryAfter, Duration deadline) {

        /** For the scheduled harvest: minutes of patience, since nobody waits on it. */
        public static Options harvesting(Duration interval) {
            return new Options(interval, Duration.ofSeconds(20), Duration.ofSeconds(90), 6, Duration.ofSeconds(10),
                    Duration.ofMinutes(5), Duration.ofMinutes(30));
        }

        /** For a member's submission: one quick try, since a person waits on the page. */
        public static Options fetching(Duration interval, Duration deadline) {
            return new Options(interval, deadline, deadline, 2, Duration.ofMillis(500), Duration.ofSeconds(3), deadline);
        }

        public Options withInterval(Duration newInterval) {
            return new Options(newInterval, connectTimeout, readTimeout, attempts, firstBackoff, maxRetryAfter, deadline);
        }
    }

    /** Reads a successful answer's body; the stream ends with the body and fails if arXiv stops sending. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private final RequestClock turns;
    private final String userAgent;
    private final Options options;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong waitedMillis = new AtomicLong();

    ArxivHttp(RequestClock turns, String userAgent, Options options, Clock clock) {
        this.turns = turns;
        this.userAgent = userAgent;
        this.options = options;
        this.clock = clock;
    }

    /** A client for this site's store and settings ({@code arxiv.request-interval}, {@code arxiv.contact}). */
    public static ArxivHttp open(Database database, Settings settings, Options options) {
        return new ArxivHttp(new RequestClock(database, options.interval(), Clock.systemUTC()), userAgent(settings),
                options, Clock.systemUTC());
    }

    /** Names the software, the site and whom to write to, as arXiv asks of harvesters. */
    static String userAgent(Settings settings) {
        String version = ArxivHttp.class.getPackage().getImplementationVersion();
        String contact = settings.get(Settings.Key.ARXIV_CONTACT).strip();
        return "Paperboy/" + (version == null ? "dev" : version) + " (research-paper service at "
                + settings.publicUrl() + (contact.isEmpty() ? "" : "; mailto:" + contact) + ")";
    }

    /** {@code base?name=value&...}, values encoded; for the OAI and API calls. */
    public static URI withQuery(String base, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    /** Requests made so far, retries included. */
    public long requests() {
        return requests.get();
    }

    /** Time spent waiting on arXiv so far: turns, Retry-After and backoff pauses. */
    public Duration waited() {
        return Duration.ofMillis(waitedMillis.get());
    }

    /**
     * GETs {@code uri} and hands a successful answer's body to {@code reader}. A transfer that breaks off while the
     * reader reads is tried again from the start (the reader must tolerate seeing a prefix twice); anything the
     * reader throws for the content itself is not.
     *
     * @throws ArxivUnavailableException when arXiv did not answer successfully within the attempts and time allowed
     * @throws IOException               whatever {@code reader} threw about the content
     */
    public synchronized <T> T get(URI uri, BodyReader<T> reader) throws IOException, InterruptedException {
        Instant deadline = clock.instant().plus(options.deadline());
        Duration backoff = options.firstBackoff();
        String lastProblem = "";
        int lastStatus = 0;
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            pause(turns.awaitTurn());
            requests.incrementAndGet();
            Duration pause = backoff;
            HttpURLConnection connection = null;
            try {
                connection = connect(uri, deadline);
                int status = connection.getResponseCode();
                lastStatus = status;
                if (status == 200) {
                    TransportStream body = new TransportStream(connection, deadline);
                    try (body) {
                        return reader.read(body);
                    } catch (IOException e) {
                        if (!body.failed) {
                            throw new ContentRefused(e);
                        }
                        lastProblem = "the connection broke off (" + e.getMessage() + ")";
                    }
                } else if (status == 503 || status == 429 || status >= 500) {
                    Duration retryAfter = retryAfter(connection.getHeaderField("Retry-After"));
                    lastProblem = "arXiv answered " + status + " " + errorText(connection);
                    if (retryAfter != null) {
                        if (retryAfter.compareTo(options.maxRetryAfter()) > 0) {
                            throw unavailable(uri, lastProblem + " and asked to wait " + retryAfter.toSeconds()
                                    + " s, longer than Paperboy waits", status, null);
                        }
                        pause = retryAfter;
                    }
                } else {
                    throw unavailable(uri, "arXiv answered " + status + " " + errorText(connection), status, null);
                }
            } catch (java.net.SocketTimeoutException e) {
                lastProblem = "arXiv did not answer in time (" + e.getMessage() + ")";
                lastStatus = 0;
            } catch (ContentRefused e) {
                throw e.getCause();
            } catch (ArxivUnavailableException e) {
                throw e;
            } catch (IOException e) {
                lastProblem = "cannot reach arXiv (" + e + ")";
                lastStatus = 0;
            } finally {
                if (connection != null) {
                    connection.disconnect();
                }
            }
            if (attempt == options.attempts() || clock.instant().plus(pause).isAfter(deadline)) {
                break;
            }
            log.warn("{}; trying {} again in {} s (attempt {} of {})", lastProblem, uri,
                    String.format(java.util.Locale.ROOT, "%.1f", pause.toMillis() / 1000.0), attempt + 1, options.attempts());
            Thread.sleep(pause.toMillis());
            pause(pause);
            backoff = backoff.multipliedBy(2);
        }
        throw unavailable(uri, lastProblem, lastStatus, null);
    }

    private void pause(Duration waited) {
        waitedMillis.addAndGet(waited.toMillis());
    }

    private HttpURLConnection connect(URI uri, Instant deadline) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        long left = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
        connection.setConnectTimeout((int) Math.min(options.connectTimeout().toMillis(), left));
        connection.setReadTimeout((int) Math.min(options.readTimeout().toMillis(), left));
        connection.setInstanceFollowRedirects(true);
        connection.setUseCaches(false);
        connection.setRequestProperty("User-Agent", userAgent);
        connection.setRequestProperty("Accept-Encoding", "gzip");
        return connection;
    }

    private ArxivUnavailableException unavailable(URI uri, String problem, int status, Throwable cause) {
        String where = uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
        return new ArxivUnavailableException(problem + " (" + where + "); Paperboy tries again later", status, cause);
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The start of an error page, as one line: enough to tell arXiv's maintenance page from a proxy's. */
    private static String errorText(HttpURLConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            if (error == null) {
                return "";
            }
            String text = new String(error.readNBytes(4 * ERROR_TEXT_CHARS), StandardCharsets.UTF_8)
                    .replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
            return text.isEmpty() ? "" : "(" + (text.length() > ERROR_TEXT_CHARS ? text.substring(0, ERROR_TEXT_CHARS) + "…" : text) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Carries the reader's verdict on the content past the transport's retry. */
    private static final class ContentRefused extends RuntimeException {
        ContentRefused(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * The body as it arrives, decompressed, with the limits a read timeout alone does not give: a total time (a
     * server that drips a byte a minute) and a total size. Remembers whether the transport failed, so that the caller
     * can tell a broken transfer (worth another try) from content the reader refused (not).
     */
    private final class TransportStream extends FilterInputStream {
        private final Instant deadline;
        private long count;
        boolean failed;

        TransportStream(HttpURLConnection connection, Instant deadline) throws IOException {
            super(null);
            this.deadline = deadline;
            InputStream raw = connection.getInputStream();
            this.in = "gzip".equalsIgnoreCase(connection.getContentEncoding()) ? new GZIPInputStream(raw, 1 << 16) : raw;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (clock.instant().isAfter(deadline)) {
                failed = true;
                throw new java.net.SocketTimeoutException("the answer took longer than " + options.deadline().toSeconds() + " s");
            }
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                failed = !(e instanceof java.util.zip.ZipException);
                throw e;
            }
            if (n > 0 && (count += n) > MAX_RESPONSE_BYTES) {
                throw new IOException("the answer is larger than " + (MAX_RESPONSE_BYTES >> 20) + " MiB");
            }
            return n;
        }
    }
}
