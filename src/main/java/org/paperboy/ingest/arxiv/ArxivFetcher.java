package org.paperboy.ingest.arxiv;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches papers by arXiv id and stores them in the catalog (the search index follows the catalog by itself). Each
 * id is asked of OAI-PMH with {@code GetRecord}, the way arXiv prefers single records to be read; the ids OAI does not
 * have, or could not answer for, go to the search API in one call, since a new paper reaches the API before OAI.
 * Only what neither has is reported as not on arXiv. Each id's outcome is returned for the caller to report. Thread-safe:
 * requests queue on the one {@link ArxivHttp}.
 */
public final class ArxivFetcher {

    private static final Logger log = LoggerFactory.getLogger(ArxivFetcher.class);
    private static final String OAI_PREFIX = "oai:arXiv.org:";
    /** Ids per API call: far below arXiv's 2,000 a call, and a URL of a few kB. */
    static final int API_BATCH = 100;

    /** What storing a fetched paper did to the catalog. */
    public enum Change { ADDED, UPDATED, UNCHANGED }

    /** What became of one id. */
    public sealed interface Outcome permits Found, NotOnArxiv, Unreachable, Unusable {
        PaperId id();
    }

    /** arXiv has the paper; it is in the catalog now. */
    public record Found(PaperId id, Paper paper, Change change) implements Outcome {}

    /** Neither OAI-PMH nor the search API knows the id. */
    public record NotOnArxiv(PaperId id) implements Outcome {}

    /** arXiv did not answer in time, or kept refusing; asking later may work. */
    public record Unreachable(PaperId id, String message) implements Outcome {}

    /** arXiv answered, but what it said about the paper cannot be read or stored. */
    public record Unusable(PaperId id, String message) implements Outcome {}

    /** What one service said about an id: the paper, a problem, or (both null) that it lacks it. */
    private record Lookup(Paper paper, Outcome failure) {
        static final Lookup MISSING = new Lookup(null, null);
    }

    private final ArxivHttp http;
    private final Catalog catalog;
    private final String oaiUrl;
    private final String apiUrl;

    public ArxivFetcher(ArxivHttp http, Catalog catalog, String oaiUrl, String apiUrl) {
        this.http = http;
        this.catalog = catalog;
        this.oaiUrl = oaiUrl;
        this.apiUrl = apiUrl;
    }

    /**
     * A fetcher for this site's store and settings ({@code arxiv.oai-url}, {@code arxiv.api-url},
     * {@code arxiv.request-interval}) that gives each request to arXiv at most {@code patience}, retries included.
     */
    public static ArxivFetcher open(Database database, Settings settings, Catalog catalog, Duration patience) {
        ArxivHttp http = ArxivHttp.open(database, settings, ArxivHttp.Options.fetching(
                settings.seconds(Settings.Key.ARXIV_REQUEST_INTERVAL), patience));
        return new ArxivFetcher(http, catalog, settings.get(Settings.Key.ARXIV_OAI_URL),
                settings.get(Settings.Key.ARXIV_API_URL));
    }

    /**
     * Fetches and stores each paper; one outcome per distinct id, in the order given.
     *
     * @throws IllegalArgumentException when an id is no arXiv id
     */
    public List<Outcome> fetch(List<PaperId> ids) throws InterruptedException {
        List<PaperId> wanted = ids.stream().distinct().toList();
        for (PaperId id : wanted) {
            if (!id.isArxiv()) {
                throw new IllegalArgumentException(id + " is no arXiv id");
            }
        }
        // Each paper is stored as soon as arXiv has answered for it: a listing's hundreds of ids take a request each,
        // seconds apart, and every paper is searchable as it comes, and kept if the fetch is stopped on the way.
        Map<PaperId, Outcome> outcomes = new LinkedHashMap<>();
        Map<PaperId, Lookup> unanswered = new LinkedHashMap<>();
        boolean oaiAnswers = true;
        for (PaperId id : wanted) {
            Lookup lookup = oaiAnswers ? getRecord(id) : Lookup.MISSING;
            // One id arXiv did not answer for is enough: the others would each wait as long, and the API may answer.
            oaiAnswers = !(lookup.failure() instanceof Unreachable);
            if (lookup.paper() != null) {
                outcomes.put(id, store(id, lookup.paper()));
            } else {
                outcomes.put(id, null); // in the order given
                unanswered.put(id, lookup);
            }
        }
        List<PaperId> notFound = List.copyOf(unanswered.keySet());
        for (int from = 0; from < notFound.size(); from += API_BATCH) {
            List<PaperId> batch = notFound.subList(from, Math.min(notFound.size(), from + API_BATCH));
            Map<PaperId, Lookup> answers = askApi(batch);
            for (PaperId id : batch) {
                Lookup lookup = settle(unanswered.get(id), answers.get(id));
                outcomes.put(id, lookup.paper() != null ? store(id, lookup.paper())
                        : lookup.failure() != null ? lookup.failure() : new NotOnArxiv(id));
            }
        }
        return List.copyOf(outcomes.values());
    }

    /** OAI's word, then the API's: a paper from either wins; the API's failure outweighs OAI's "no such id". */
    private static Lookup settle(Lookup oai, Lookup api) {
        if (api.paper() != null || api.failure() != null) {
            return api;
        }
        return oai.failure() instanceof Unusable ? oai : Lookup.MISSING;
    }

    private Lookup getRecord(PaperId id) throws InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("verb", "GetRecord");
        query.put("identifier", OAI_PREFIX + id.value());
        query.put("metadataPrefix", "arXivRaw");
        List<OaiRecord> records = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        OaiResponse response;
        try {
            response = http.get(ArxivHttp.withQuery(oaiUrl, query), body -> {
                records.clear(); // a transfer that broke off is read again from the start
                problems.clear();
                return new OaiReader().read(body, records::add, problems::add);
            });
        } catch (ArxivUnavailableException e) {
            log.info("OAI-PMH did not answer for {}: {}", id, e.getMessage());
            return new Lookup(null, new Unreachable(id, e.getMessage()));
        } catch (IOException e) {
            return new Lookup(null, new Unusable(id, "arXiv's OAI-PMH answer about " + id + " cannot be read: " + e.getMessage()));
        }
        for (OaiRecord record : records) {
            if (record.paper().id().equals(id)) {
                return new Lookup(record.paper(), null);
            }
        }
        if (!problems.isEmpty()) {
            return new Lookup(null, new Unusable(id, "arXiv's OAI-PMH record of " + id + " cannot be read: "
                    + problems.getFirst().reason()));
        }
        return response.errors().stream()
                .filter(e -> e.code() != OaiError.Code.ID_DOES_NOT_EXIST)
                .findFirst()
                .map(e -> new Lookup(null, new Unusable(id, "arXiv's OAI-PMH interface answered "
                        + e.code().protocolName() + " for " + id + ": " + PaperId.abbreviate(e.message()))))
                .orElse(Lookup.MISSING);
    }

    /** One API call for the batch; an id the answer lacks maps to {@link Lookup#MISSING}. */
    private Map<PaperId, Lookup> askApi(List<PaperId> batch) throws InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("id_list", batch.stream().map(PaperId::value).collect(Collectors.joining(",")));
        query.put("max_results", Integer.toString(batch.size()));
        Map<PaperId, Lookup> answers = new HashMap<>();
        batch.forEach(id -> answers.put(id, Lookup.MISSING));
        ArxivApiReader.Answer answer;
        try {
            answer = http.get(ArxivHttp.withQuery(apiUrl, query), body -> {
                batch.forEach(id -> answers.put(id, Lookup.MISSING));
                return new ArxivApiReader().read(body,
                        paper -> answers.computeIfPresent(paper.id(), (id, known) -> new Lookup(paper, null)),
                        problem -> PaperId.tryParseArxiv(problem.identifier()).ifPresent(id -> answers.computeIfPresent(
                                id.id(), (known, lookup) -> new Lookup(null, new Unusable(known,
                                        "arXiv's API entry for " + known + " cannot be read: " + problem.reason())))));
            });
        } catch (ArxivUnavailableException e) {
            log.info("arXiv's API did not answer for {}: {}", batch, e.getMessage());
            batch.forEach(id -> answers.put(id, new Lookup(null, new Unreachable(id, e.getMessage()))));
            return answers;
        } catch (IOException e) {
            batch.forEach(id -> answers.put(id, new Lookup(null, new Unusable(id,
                    "arXiv's API answer cannot be read: " + e.getMessage()))));
            return answers;
        }
        if (answer.isError()) {
            batch.forEach(id -> answers.put(id, new Lookup(null, new Unusable(id,
                    "arXiv's API refused the query: " + answer.error()))));
        }
        return answers;
    }

    private Outcome store(PaperId id, Paper paper) {
        try {
            Catalog.UpsertResult result = catalog.upsert(List.of(paper));
            Change change = result.added() > 0 ? Change.ADDED : result.updated() > 0 ? Change.UPDATED : Change.UNCHANGED;
            return new Found(id, catalog.find(id).orElse(paper), change);
        } catch (InvalidPaperException e) {
            return new Unusable(id, "arXiv's record of " + id + " cannot be stored: " + e.getMessage());
        }
    }
}
