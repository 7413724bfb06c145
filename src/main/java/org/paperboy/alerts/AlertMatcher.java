package org.paperboy.alerts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.embed.VectorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches new papers against every alert. It follows the catalog's change sequence with a cursor of its own
 * ({@code alert_state.matched_through}), as the search index does: storing a paper's vector gives the paper a new
 * sequence number, so each paper comes by once it is embedded (a paper without a vector yet is passed over, and comes
 * by again with its vector). A paper matches an alert when the cosine of its vector with the alert's is at least the
 * threshold, it passes the alert's filters, and it is new to the alert: first announced (else first submitted) on or
 * after the day the alert was made, so re-indexed old papers never match. Of a member's alerts that match one paper,
 * the best-scoring one is recorded and names the others; {@link AlertMatches} keeps one row per member and paper.
 *
 * <p>The alerts' vectors live in one {@link AlertMatrix} that this object owns, reloaded when the alerts' version in
 * the store changes (any process's edit) or the model does. Vectors are computed once per alert and model and stored.
 */
public final class AlertMatcher {

    static final int PAGE = 500;
    private static final Logger log = LoggerFactory.getLogger(AlertMatcher.class);

    private final Alerts alerts;
    private final AlertMatches matches;
    private final Catalog catalog;
    private final VectorStore vectors;
    private final Supplier<Optional<EmbeddingModel>> model;
    private final double threshold;
    private final Clock clock;

    // guarded by this
    private AlertMatrix matrix;
    private long matrixVersion = -1;
    private String matrixModel;

    public AlertMatcher(Alerts alerts, AlertMatches matches, Catalog catalog, VectorStore vectors,
                        Supplier<Optional<EmbeddingModel>> model, double threshold, Clock clock) {
        this.alerts = alerts;
        this.matches = matches;
        this.catalog = catalog;
        this.vectors = vectors;
        this.model = model;
        this.threshold = threshold;
        this.clock = clock;
    }

    /**
     * Matches every paper written since the cursor, a page at a time, until caught up or {@code stopping}. Returns
     * how many matches were recorded. Safe to run twice at once or on two nodes: a match is recorded once.
     */
    public synchronized int run(BooleanSupplier stopping) {
        if (alerts.all().isEmpty()) {
            matches.skipTo(catalog.lastChangeSeq()); // nothing to match: no need to load the model
            return 0;
        }
        Optional<EmbeddingModel> current = model.get();
        if (current.isEmpty()) {
            return 0; // no vectors, nothing to match with
        }
        AlertMatrix alertsNow = matrix(current.get());
        long cursor = matches.matchedThrough();
        int recorded = 0;
        while (!stopping.getAsBoolean()) {
            List<Catalog.Change> page = catalog.changesSince(cursor, PAGE);
            if (page.isEmpty()) {
                break;
            }
            recorded += matches.record(matchPage(alertsNow, page, current.get().name()), page.getLast().seq(),
                    clock.instant());
            cursor = page.getLast().seq();
        }
        if (recorded > 0) {
            log.atInfo().addKeyValue("matches", recorded).log("alerts matched new papers");
        }
        return recorded;
    }

    private List<AlertMatches.NewMatch> matchPage(AlertMatrix alertsNow, List<Catalog.Change> page, String modelName) {
        Map<PaperId, float[]> paperVectors = vectors.find(page.stream().map(c -> c.paper().id()).toList(), modelName);
        List<Paper> papers = page.stream().map(Catalog.Change::paper)
                .filter(paper -> paperVectors.containsKey(paper.id()) && firstSeen(paper) != null).toList();
        List<List<AlertMatrix.Hit>> hitsByPaper = alertsNow.above(
                papers.stream().map(paper -> paperVectors.get(paper.id())).toArray(float[][]::new), threshold);
        List<AlertMatches.NewMatch> found = new ArrayList<>();
        for (int i = 0; i < papers.size(); i++) {
            LocalDate firstSeen = firstSeen(papers.get(i));
            List<AlertMatrix.Hit> hits = hitsByPaper.get(i).stream()
                    .filter(hit -> !firstSeen.isBefore(day(hit.alert()))).toList();
            if (!hits.isEmpty()) {
                found.addAll(perMember(papers.get(i), hits));
            }
        }
        return found;
    }

    /** Each member's best hit that passes its filters, naming the member's other matching alerts. */
    private List<AlertMatches.NewMatch> perMember(Paper paper, List<AlertMatrix.Hit> hits) {
        Set<String> stems = Terms.stems(paper.title() + "\n" + paper.abstractText());
        Map<Long, List<AlertMatrix.Hit>> byMember = new LinkedHashMap<>();
        for (AlertMatrix.Hit hit : hits) {
            if (hit.alert().filters().test(paper, stems)) {
                byMember.computeIfAbsent(hit.alert().userId(), k -> new ArrayList<>()).add(hit);
            }
        }
        List<AlertMatches.NewMatch> found = new ArrayList<>();
        byMember.forEach((member, own) -> {
            own.sort(Comparator.comparingDouble(AlertMatrix.Hit::score).reversed()
                    .thenComparingLong(hit -> hit.alert().id()));
            AlertMatrix.Hit best = own.getFirst();
            String seedTitle = best.seed().isEmpty() ? null
                    : catalog.find(new PaperId(best.seed())).map(Paper::title).orElse(null);
            List<String> others = own.stream().skip(1).map(hit -> hit.alert().name()).toList();
            found.add(new AlertMatches.NewMatch(member, paper.id(), best.alert().id(), best.score(),
                    WhyLine.of(best, seedTitle, stems, others)));
        });
        return found;
    }

    /** The day a paper first reached the world: announced, else submitted (version 1); null when unknown. */
    private static LocalDate firstSeen(Paper paper) {
        if (paper.announced() != null) {
            return paper.announced();
        }
        return paper.submittedAt() == null ? null : LocalDate.ofInstant(paper.submittedAt(), ZoneOffset.UTC);
    }

    private static LocalDate day(Alert alert) {
        return LocalDate.ofInstant(alert.createdAt(), ZoneOffset.UTC);
    }

    /** The alerts as a matrix, reloaded when they or the model changed, or when some lacked a vector. */
    private AlertMatrix matrix(EmbeddingModel embedder) {
        long version = alerts.version();
        if (matrix != null && version == matrixVersion && embedder.name().equals(matrixModel) && !matrix.incomplete()) {
            return matrix;
        }
        List<Alert> live = alerts.all();
        Map<Long, Map<String, float[]>> stored = alerts.vectors(embedder.name());
        for (Alert alert : live) {
            Map<String, float[]> own = stored.getOrDefault(alert.id(), Map.of());
            Map<String, float[]> missing = missingVectors(alert, own, embedder);
            if (!missing.isEmpty()) {
                alerts.storeVectors(alert.id(), embedder.name(), missing);
                Map<String, float[]> all = new HashMap<>(own);
                all.putAll(missing);
                stored.put(alert.id(), all);
            }
        }
        matrix = AlertMatrix.of(live, stored);
        matrixVersion = version;
        matrixModel = embedder.name();
        return matrix;
    }

    /** The vectors the alert lacks under this model: its query's (embedded now), its seeds' (as stored for them). */
    private Map<String, float[]> missingVectors(Alert alert, Map<String, float[]> own, EmbeddingModel embedder) {
        Map<String, float[]> missing = new HashMap<>();
        if (!alert.moreLikeThese()) {
            if (!own.containsKey("")) {
                missing.put("", embedder.embedQuery(alert.query()));
            }
            return missing;
        }
        List<PaperId> seeds = alert.seeds().stream().filter(seed -> !own.containsKey(seed.value())).toList();
        vectors.find(seeds, embedder.name()).forEach((id, vector) -> missing.put(id.value(), vector));
        return missing;
    }
}
