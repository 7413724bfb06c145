package org.paperboy.search.opensearch;

/**
 * One request to the cluster as the client saw it, for measuring where a search's time goes (see
 * {@link OpenSearchIndex#listen}).
 *
 * @param body            the request's JSON (newline-delimited for {@code _msearch} and {@code _bulk}), empty for none
 * @param roundTripNanos  from sending the request to having the whole answer: HTTP, OpenSearch's work, both JSON codings
 * @param parseNanos      reading the answer's JSON into a tree, on the client, after the round trip
 * @param tookMillis      what OpenSearch itself reports as spent on the search ({@code took}); -1 when the answer has none
 */
public record OpenSearchExchange(String method, String endpoint, String body, long roundTripNanos, long parseNanos,
                                 long tookMillis) {}
