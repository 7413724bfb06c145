package org.paperboy.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.search.opensearch.OpenSearchExchange;
import org.paperboy.search.opensearch.OpenSearchIndex;

/**
 * Where a search's time goes on OpenSearch, one search at a time: each request it sends (by what it is for), its round
 * trip as the client saw it against the {@code took} OpenSearch reports for its own work, the client's JSON parsing,
 * and what remains on the client (building requests, fusion, snippets' HTML, and the query embedding for the modes
 * that embed: the same work on either engine).
 */
final class OpenSearchBreakdown {

    private final OpenSearchIndex index;
    private final EmbeddingModel model;
    private final List<OpenSearchExchange> seen = new ArrayList<>();

    OpenSearchBreakdown(OpenSearchIndex index, EmbeddingModel model) {
        this.index = index;
        this.model = model;
    }

    /** Runs {@code operation} for queries 0..n-1 and prints its totals and one row per kind of request. */
    void measure(String label, int n, IntConsumer operation, List<String> embedded) {
        Map<String, Totals> byKind = new LinkedHashMap<>();
        long[] totals = new long[n];
        long embedding = 0;
        index.listen(seen::add);
        try {
            for (int i = 0; i < n; i++) {
                seen.clear();
                long start = System.nanoTime();
                operation.accept(i);
                totals[i] = System.nanoTime() - start;
                for (OpenSearchExchange exchange : seen) {
                    byKind.computeIfAbsent(kind(exchange), k -> new Totals()).add(exchange);
                }
            }
        } finally {
            index.listen(null);
        }
        if (embedded != null && model != null) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                model.embedQuery(embedded.get(i));
            }
            embedding = System.nanoTime() - start;
        }
        long roundTrips = byKind.values().stream().mapToLong(t -> t.roundTrip).sum();
        long parse = byKind.values().stream().mapToLong(t -> t.parse).sum();
        long took = byKind.values().stream().mapToLong(t -> t.took).sum();
        long timedByOpenSearch = byKind.values().stream().mapToLong(t -> t.roundTripWithTook).sum();
        long requests = byKind.values().stream().mapToLong(t -> t.count).sum();
        long all = Arrays.stream(totals).sum();
        Arrays.sort(totals);
        System.out.printf("| %s | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f | %s |%n", label, totals[n / 2] / 1e6,
                mean(all, n), (double) requests / n, mean(roundTrips, n), mean(took, n), mean(timedByOpenSearch - took, n),
                mean(parse, n), embedded == null ? "" : String.format("%.2f", mean(embedding, n)));
        System.out.printf("|   ↳ client rest: building requests, fusion, HTML%s | | %.2f | | | | | | |%n",
                embedded == null ? "" : ", query embedding", mean(all - roundTrips - parse, n));
        byKind.forEach((kind, t) -> System.out.printf("|   ↳ %s | %.2f | %.2f | %.2f | %.2f | %s | %s | %.2f | |%n", kind,
                t.medianRoundTrip(), mean(t.roundTrip, n), (double) t.count / n, mean(t.roundTrip, n),
                t.tookKnown == 0 ? "n/a" : String.format("%.2f", mean(t.took, n)),
                t.tookKnown == 0 ? "n/a" : String.format("%.2f", mean(t.roundTripWithTook - t.took, n)), mean(t.parse, n)));
    }

    static void printHeader(int n) {
        System.out.printf("%nWhere the time goes on OpenSearch (one client, %d searches each; ms per search, means unless "
                + "marked p50; rows ↳ split the searches' requests by kind):%n", n);
        System.out.println("| operation / ↳ request | p50 (↳ of one request) | mean | requests | round trips | OpenSearch took "
                + "| round trip − took (HTTP, REST, JSON; requests with a took) | client JSON parse | query embedding |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
    }

    /** What a request is for, from its endpoint and body (the engine's requests each have their own shape). */
    static String kind(OpenSearchExchange exchange) {
        String endpoint = exchange.endpoint();
        String body = exchange.body();
        if (endpoint.contains("_msearch")) {
            return "ranking: BM25 + kNN (_msearch)";
        } else if (endpoint.contains("_mget")) {
            return "stored vector (_mget)";
        } else if (endpoint.contains("_count")) {
            return "counts: spelling, pins (_count)";
        } else if (body.contains("\"highlight\"")) {
            return "snippets (_search)";
        } else if (body.contains("\"suggest\"")) {
            return "spelling suggestions (_search)";
        } else if (body.contains("\"knn\"")) {
            return "kNN (_search)";
        } else if (body.contains("\"timeout\"")) {
            return "ranking (_search)";
        }
        return "other: pins, acronyms (" + endpoint.replaceAll("^/[^/_]*", "") + ")";
    }

    private static double mean(long nanos, int n) {
        return nanos / 1e6 / n;
    }

    private static final class Totals {
        long count;
        long roundTrip;
        long parse;
        /** OpenSearch's own time, and the round trips of the requests that report it ({@code _count} does not). */
        long took;
        long roundTripWithTook;
        long tookKnown;
        final List<Long> roundTrips = new ArrayList<>();

        void add(OpenSearchExchange exchange) {
            count++;
            roundTrip += exchange.roundTripNanos();
            parse += exchange.parseNanos();
            if (exchange.tookMillis() >= 0) {
                tookKnown++;
                took += exchange.tookMillis() * 1_000_000;
                roundTripWithTook += exchange.roundTripNanos();
            }
            roundTrips.add(exchange.roundTripNanos());
        }

        double medianRoundTrip() {
            return roundTrips.stream().sorted().skip(roundTrips.size() / 2).findFirst().orElse(0L) / 1e6;
        }
    }
}
