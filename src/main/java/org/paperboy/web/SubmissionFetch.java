package org.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.paperboy.app.Paperboy;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.CommunityException;
import org.paperboy.config.Settings;
import org.paperboy.ingest.arxiv.ArxivFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches from arXiv a paper the catalog lacks while the member who submits it waits. The member is answered within
 * {@code arxiv.fetch-timeout} whatever arXiv does: the fetch runs on a thread of its own, which a late answer still
 * lets finish and store the paper (so that submitting again finds it). At most {@link #MAX_IN_FLIGHT} fetches run at
 * once, and an id arXiv said it does not have is remembered for {@link #REMEMBER_MISSING}, so that members cannot
 * make the site ask arXiv more often than its rules allow.
 */
final class SubmissionFetch {

    private static final Logger log = LoggerFactory.getLogger(SubmissionFetch.class);
    static final int MAX_IN_FLIGHT = 4;
    static final Duration REMEMBER_MISSING = Duration.ofMinutes(5);
    private static final long RETRY_AFTER_SECONDS = 60;
    private static final String UNAVAILABLE = "arXiv did not answer in time; try again in a few minutes";

    private final ArxivFetcher fetcher;
    private final Duration timeout;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Cache<PaperId, Boolean> missing = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBER_MISSING)
            .maximumSize(10_000)
            .build();

    SubmissionFetch(ArxivFetcher fetcher, Duration timeout) {
        this.fetcher = fetcher;
        this.timeout = timeout;
    }

    /** For this site: its store, its arXiv settings, and {@code arxiv.fetch-timeout} as the wait. */
    static SubmissionFetch open(Paperboy paperboy) {
        Duration timeout = paperboy.settings().seconds(Settings.Key.ARXIV_FETCH_TIMEOUT);
        return new SubmissionFetch(ArxivFetcher.open(paperboy.database(), paperboy.settings(), paperboy.catalog(), timeout),
                timeout);
    }

    /**
     * The paper, fetched and stored.
     *
     * @throws CommunityException (not found) when arXiv has no such paper
     * @throws HttpError          503 when arXiv did not answer in time, 502 when its answer cannot be used
     */
    Paper fetch(PaperId id) {
        if (missing.getIfPresent(id) != null) {
            throw notOnArxiv(id);
        }
        if (!inFlight.tryAcquire()) {
            throw unavailable("Paperboy is already fetching other papers from arXiv; try again in a few minutes");
        }
        CompletableFuture<ArxivFetcher.Outcome> outcome = new CompletableFuture<>();
        Thread.ofVirtual().name("arxiv-fetch-" + id).start(() -> {
            try {
                outcome.complete(fetcher.fetch(List.of(id)).getFirst());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            } finally {
                inFlight.release();
            }
        });
        return switch (await(id, outcome)) {
            case ArxivFetcher.Found found -> found.paper();
            case ArxivFetcher.NotOnArxiv notOnArxiv -> {
                missing.put(id, true);
                throw notOnArxiv(id);
            }
            case ArxivFetcher.Unreachable unreachable -> {
                log.warn("fetching {} for a submission: {}", id, unreachable.message());
                throw unavailable(UNAVAILABLE);
            }
            case ArxivFetcher.Unusable unusable -> {
                log.warn("fetching {} for a submission: {}", id, unusable.message());
                // The parser's words are for the log; the member learns what happened and what to do.
                throw new HttpError(HttpStatus.BAD_GATEWAY,
                        "arXiv's answer about " + id + " cannot be read; try again later");
            }
        };
    }

    private ArxivFetcher.Outcome await(PaperId id, CompletableFuture<ArxivFetcher.Outcome> outcome) {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("arXiv did not answer about {} within {} s; the member was told to try again", id, timeout.toSeconds());
            throw unavailable(UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(UNAVAILABLE);
        } catch (ExecutionException e) {
            log.error("fetching {} from arXiv failed", id, e.getCause());
            throw unavailable(UNAVAILABLE);
        }
    }

    private static CommunityException notOnArxiv(PaperId id) {
        return new CommunityException(CommunityException.Kind.NOT_FOUND, "arXiv has no paper " + id);
    }

    private static HttpError unavailable(String message) {
        return new HttpError(HttpStatus.SERVICE_UNAVAILABLE, message).retryAfter(RETRY_AFTER_SECONDS);
    }
}
