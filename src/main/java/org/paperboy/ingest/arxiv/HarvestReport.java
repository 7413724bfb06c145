package org.paperboy.ingest.arxiv;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.catalog.Catalog;

/**
 * What one harvest of one set did: what it asked for, the records it read and what storing them changed, the records
 * it skipped and why, how much it asked of arXiv, and how it ended. Filled in as the harvest goes (listeners see it
 * grow), final once {@link #outcome()} is no longer {@link Outcome#RUNNING}. Not thread-safe: one harvest writes it.
 */
public final class HarvestReport {

    /** Skipped records listed by id and reason; the rest are only counted. */
    public static final int MAX_SKIPPED_LISTED = 20;

    public enum Outcome {
        RUNNING, COMPLETED, STOPPED, FAILED;

        /** As the harvest state stores it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String set;
    private final LocalDate from;
    private final LocalDate until;
    private long records;
    private long added;
    private long updated;
    private long unchanged;
    private long olderThanStored;
    private long skipped;
    private final List<String> skippedListed = new ArrayList<>();
    private int pages;
    private int restarts;
    private long requests;
    private Duration waited = Duration.ZERO;
    private Duration elapsed = Duration.ZERO;
    private Outcome outcome = Outcome.RUNNING;
    private String error;
    private LocalDate responseDay;

    HarvestReport(String set, LocalDate from, LocalDate until) {
        this.set = set;
        this.from = from;
        this.until = until;
    }

    void recordRead() {
        records++;
    }

    void stored(Catalog.UpsertResult result) {
        added += result.added();
        updated += result.updated();
        unchanged += result.unchanged();
        olderThanStored += result.olderThanStored().size();
    }

    void skip(String identifier, String reason) {
        skipped++;
        if (skippedListed.size() < MAX_SKIPPED_LISTED) {
            skippedListed.add((identifier == null ? "a record without an identifier" : identifier) + ": " + reason);
        }
    }

    void pageRead() {
        pages++;
    }

    void restarted() {
        restarts++;
    }

    void completed(LocalDate day) {
        outcome = Outcome.COMPLETED;
        responseDay = day;
    }

    void stopped() {
        outcome = Outcome.STOPPED;
    }

    void failed(String reason) {
        outcome = Outcome.FAILED;
        error = reason;
    }

    void finish(long requestsMade, Duration waitedOnArxiv, Duration took) {
        requests = requestsMade;
        waited = waitedOnArxiv;
        elapsed = took;
    }

    /** The OAI set spec harvested ({@code cs}, {@code physics:hep-th}). */
    public String set() {
        return set;
    }

    public LocalDate from() {
        return from;
    }

    /** The last day asked for; null when the harvest ran to the present. */
    public LocalDate until() {
        return until;
    }

    /** Records read from arXiv's pages, skipped ones included. */
    public long records() {
        return records;
    }

    public long added() {
        return added;
    }

    public long updated() {
        return updated;
    }

    public long unchanged() {
        return unchanged;
    }

    /** Papers arXiv sent in an older version than the one stored, which were left as they are. */
    public long olderThanStored() {
        return olderThanStored;
    }

    public long skipped() {
        return skipped;
    }

    /** The first {@value #MAX_SKIPPED_LISTED} skipped records as "identifier: reason". */
    public List<String> skippedListed() {
        return List.copyOf(skippedListed);
    }

    public int pages() {
        return pages;
    }

    /** Times the listing was started again from its first page because arXiv refused a resumption token. */
    public int restarts() {
        return restarts;
    }

    /** Requests made to arXiv, retries included. */
    public long requests() {
        return requests;
    }

    /** Time spent waiting on arXiv: turns between requests, Retry-After and backoff pauses. */
    public Duration waited() {
        return waited;
    }

    public Duration elapsed() {
        return elapsed;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Why the harvest failed, in plain words; null unless it failed. */
    public String error() {
        return error;
    }

    /**
     * The day (UTC) arXiv answered the listing's first page, for a completed harvest (null otherwise): every record
     * changed before then was in the listing.
     */
    public LocalDate responseDay() {
        return responseDay;
    }
}
