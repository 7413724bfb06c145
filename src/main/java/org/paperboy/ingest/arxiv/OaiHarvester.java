package org.paperboy.ingest.arxiv;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvests one arXiv set over a range of days with OAI-PMH {@code ListRecords} in {@code arXivRaw}, following the
 * resumption tokens to the end of the listing, and stores what it reads in the catalog batch by batch while the pages
 * stream in. A crash loses at most the batch in flight; running the harvest again completes it (upserts are
 * idempotent). A record that cannot be read is skipped and reported; a page that cannot be read fails the harvest.
 *
 * <p>arXiv's resumption tokens expire at 00:00 UTC: a listing that runs past midnight is answered
 * {@code badResumptionToken} and is started again from its first page, a few times at most.
 */
public final class OaiHarvester {

    private static final Logger log = LoggerFactory.getLogger(OaiHarvester.class);

    /** Records per {@link Catalog#upsert}: a crash loses at most this many, and a shutdown waits for at most this many. */
    public static final int BATCH_SIZE = 500;
    /** Restarts after a refused resumption token before giving up: one per midnight is all a harvest should meet. */
    static final int MAX_RESTARTS = 3;

    /** Told what the harvest does, on the harvesting thread; must be quick. */
    public interface Listener {
        /** After each batch is stored, with its records: the versions' dates are there, which the catalog lacks. */
        default void batchStored(List<OaiRecord> batch) {}

        /** After each stored batch and each page, with the counts so far. */
        default void progressed(HarvestReport soFar) {}
    }

    /** Asked to stop: ends the harvest between two batches or pages. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** A harvest that cannot go on, with the reason in plain words. */
    private static final class Failed extends Exception {
        Failed(String reason) {
            super(reason);
        }
    }

    private final ArxivHttp http;
    private final String oaiUrl;
    private final Catalog catalog;
    private final Clock clock;
    private final int batchSize;

    public OaiHarvester(ArxivHttp http, String oaiUrl, Catalog catalog, Clock clock) {
        this(http, oaiUrl, catalog, clock, BATCH_SIZE);
    }

    OaiHarvester(ArxivHttp http, String oaiUrl, Catalog catalog, Clock clock, int batchSize) {
        this.http = http;
        this.oaiUrl = oaiUrl;
        this.catalog = catalog;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Harvests the records of {@code set} changed from {@code from} to {@code until} (whole UTC days, inclusive; null
     * {@code until}: to the present). Never throws for what arXiv or the network do: the report says how it ended.
     *
     * @param stopping asked between batches and pages; true ends the harvest as {@link HarvestReport.Outcome#STOPPED}
     *                 once the records read so far are stored
     */
    public HarvestReport harvest(String set, LocalDate from, LocalDate until, Listener listener, BooleanSupplier stopping) {
        HarvestReport report = new HarvestReport(set, from, until);
        long start = System.nanoTime();
        long requestsBefore = http.requests();
        Duration waitedBefore = http.waited();
        Run run = new Run(report, listener, stopping);
        try {
            LocalDate day = run.listing(firstRequest(set, from, until));
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            report.completed(day.isAfter(today) ? today : day); // a server clock ahead must not skip days
        } catch (Stopped e) {
            report.stopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.stopped();
        } catch (OaiResponseException e) {
            report.failed("arXiv sent a page that cannot be read: " + e.getMessage());
        } catch (Failed | IOException e) {
            report.failed(e.getMessage());
        } catch (StorageException e) {
            report.failed("cannot store the papers: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("the harvest of set {} failed unexpectedly", set, e);
            report.failed("unexpected error: " + e);
        }
        report.finish(http.requests() - requestsBefore, http.waited().minus(waitedBefore),
                Duration.ofNanos(System.nanoTime() - start));
        return report;
    }

    private URI firstRequest(String set, LocalDate from, LocalDate until) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("verb", "ListRecords");
        parameters.put("metadataPrefix", "arXivRaw");
        parameters.put("set", set);
        parameters.put("from", from.toString());
        if (until != null) {
            parameters.put("until", until.toString());
        }
        return ArxivHttp.withQuery(oaiUrl, parameters);
    }

    private URI resumption(String token) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("verb", "ListRecords");
        parameters.put("resumptionToken", token);
        return ArxivHttp.withQuery(oaiUrl, parameters);
    }

    /** One harvest in progress: the batch being filled, and where the page being read stands. */
    private final class Run {
        private final HarvestReport report;
        private final Listener listener;
        private final BooleanSupplier stopping;
        private final OaiReader reader = new OaiReader();
        private final List<OaiRecord> batch = new ArrayList<>();
        /** Records and problems of the current page taken so far; a transfer tried again repeats them first. */
        private int takenOnPage;
        private int seenInAttempt;

        Run(HarvestReport report, Listener listener, BooleanSupplier stopping) {
            this.report = report;
            this.listener = listener;
            this.stopping = stopping;
        }

        /** Reads the listing to its end; returns the day arXiv answered its first page. */
        LocalDate listing(URI first) throws IOException, InterruptedException, Failed {
            URI next = first;
            LocalDate listedOn = null;
            while (true) {
                stopIfAsked();
                OaiResponse page = page(next);
                report.pageRead();
                if (next == first) {
                    listedOn = LocalDate.ofInstant(page.responseDate(), ZoneOffset.UTC);
                }
                if (!page.errors().isEmpty()) {
                    if (next == first && page.hasError(OaiError.Code.NO_RECORDS_MATCH)) {
                        break; // nothing changed in the range: a harvest that found nothing, not a failure
                    }
                    if (next != first && page.hasError(OaiError.Code.BAD_RESUMPTION_TOKEN)) {
                        next = restart(first, page);
                        continue;
                    }
                    throw new Failed("arXiv refused the harvest: " + describe(page.errors()));
                }
                listener.progressed(report);
                if (!page.hasMore()) {
                    break;
                }
                URI resumed = resumption(page.resumptionToken());
                if (resumed.equals(next)) {
                    throw new Failed("arXiv answered the resumption token '" + page.resumptionToken()
                            + "' with the same token again; the listing would never end");
                }
                next = resumed;
            }
            store();
            return listedOn;
        }

        private URI restart(URI first, OaiResponse page) throws Failed {
            report.restarted();
            if (report.restarts() > MAX_RESTARTS) {
                throw new Failed("arXiv refused its own resumption token " + report.restarts() + " times ("
                        + describe(page.errors()) + "); the next harvest starts over from " + report.from());
            }
            log.warn("arXiv refused the resumption token after {} pages ({}); reading the listing of set {} again "
                    + "from {}", report.pages(), describe(page.errors()), report.set(), report.from());
            return first;
        }

        private OaiResponse page(URI uri) throws IOException, InterruptedException {
            takenOnPage = 0;
            return http.get(uri, body -> {
                seenInAttempt = 0;
                return reader.read(body, this::record, this::problem);
            });
        }

        /** Whether this item of the page is new, rather than one a broken transfer already delivered. */
        private boolean firstSight() {
            if (++seenInAttempt <= takenOnPage) {
                return false;
            }
            takenOnPage = seenInAttempt;
            return true;
        }

        private void record(OaiRecord record) {
            if (!firstSight()) {
                return;
            }
            report.recordRead();
            try {
                catalog.requirePlausibleDates(record.paper());
            } catch (InvalidPaperException e) {
                report.skip("oai:arXiv.org:" + record.paper().id().value(), e.getMessage());
                return;
            }
            batch.add(record);
            if (batch.size() >= batchSize) {
                store();
                stopIfAsked();
            }
        }

        private void problem(RecordProblem problem) {
            if (firstSight()) {
                report.recordRead();
                report.skip(problem.identifier(), problem.reason());
            }
        }

        private void store() {
            if (batch.isEmpty()) {
                return;
            }
            List<OaiRecord> records = List.copyOf(batch);
            batch.clear();
            report.stored(catalog.upsert(records.stream().map(OaiRecord::paper).toList()));
            listener.batchStored(records);
            listener.progressed(report);
        }

        private void stopIfAsked() {
            if (stopping.getAsBoolean()) {
                store();
                throw new Stopped();
            }
        }
    }

    private static String describe(List<OaiError> errors) {
        return String.join("; ", errors.stream()
                .map(e -> (e.code() == OaiError.Code.UNKNOWN ? "error" : e.code().protocolName()) + ": " + e.message())
                .toList());
    }
}
