package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.search.IndexedPaper;
import org.paperboy.search.SearchIndex.Refused;

/**
 * Writes papers with bulk requests of at most {@value #MAX_DOCS} documents and about {@value #MAX_BYTES} bytes, each
 * with an external version (the change sequence the batch reaches): a copy already stored from a later change wins
 * (OpenSearch answers 409, which counts as done), so a batch applied twice, or late, changes nothing. A paper
 * OpenSearch refuses is tried again without its vector, and failing that is left out, its older version removed.
 */
final class BulkWriter {

    static final int MAX_DOCS = 1_000;
    static final int MAX_BYTES = 10 * 1024 * 1024;

    private final OpenSearchHttp http;
    private final IndexVersions versions;

    BulkWriter(OpenSearchHttp http, IndexVersions versions) {
        this.http = http;
        this.versions = versions;
    }

    List<Refused> write(String target, List<IndexedPaper> papers, long version) {
        int dimension = dimension(target, papers);
        List<Refused> refused = new ArrayList<>();
        List<IndexedPaper> withVectors = new ArrayList<>();
        List<IndexedPaper> withoutVectors = new ArrayList<>();
        for (IndexedPaper paper : papers) {
            if (paper.vector() != null && paper.vector().length != dimension) {
                withoutVectors.add(paper);
                refused.add(new Refused(paper.paper().id(), true, "a vector of " + paper.vector().length
                        + " dimensions, where the index's have " + dimension));
            } else {
                withVectors.add(paper);
            }
        }
        List<Failure> failed = send(target, withVectors, version, true);
        List<IndexedPaper> retry = new ArrayList<>(withoutVectors);
        for (Failure failure : failed) {
            if (failure.paper().vector() != null) {
                retry.add(failure.paper());
                refused.add(new Refused(failure.paper().paper().id(), true, failure.reason()));
            } else {
                refused.add(leftOut(target, failure, version));
            }
        }
        for (Failure failure : send(target, retry, version, false)) {
            refused.removeIf(r -> r.paper().equals(failure.paper().paper().id()));
            refused.add(leftOut(target, failure, version));
        }
        return refused;
    }

    /** The index's vector dimension; the first vector it is given sets it. */
    private int dimension(String target, List<IndexedPaper> papers) {
        int dimension = versions.vectorDimension(target);
        if (dimension == 0) {
            for (IndexedPaper paper : papers) {
                if (paper.vector() != null && paper.vector().length > 0) {
                    versions.addVectorField(target, paper.vector().length);
                    return paper.vector().length;
                }
            }
        }
        return dimension;
    }

    private record Failure(IndexedPaper paper, String reason) {}

    private List<Failure> send(String target, List<IndexedPaper> papers, long version, boolean withVector) {
        List<Failure> failures = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<IndexedPaper> inBody = new ArrayList<>();
        for (IndexedPaper paper : papers) {
            ObjectNode action = QueryBodies.object();
            action.putObject("index").put("_index", target).put("_id", paper.paper().id().value())
                    .put("version", version).put("version_type", "external");
            line(body, OpenSearchHttp.write(action));
            line(body, OpenSearchHttp.write(IndexLayout.document(paper, withVector)));
            inBody.add(paper);
            if (inBody.size() >= MAX_DOCS || body.size() >= MAX_BYTES) {
                failures.addAll(flush(body, inBody));
            }
        }
        failures.addAll(flush(body, inBody));
        return failures;
    }

    private List<Failure> flush(ByteArrayOutputStream body, List<IndexedPaper> inBody) {
        List<Failure> failures = new ArrayList<>();
        if (inBody.isEmpty()) {
            return failures;
        }
        JsonNode answer = http.ndjson("/_bulk", body.toByteArray());
        JsonNode items = answer.path("items");
        for (int i = 0; i < inBody.size(); i++) {
            JsonNode result = items.path(i).elements().hasNext() ? items.path(i).elements().next() : null;
            int status = result == null ? 0 : result.path("status").asInt(0);
            if (status / 100 != 2 && status != 409) {
                String reason = result == null ? "no answer for this document"
                        : result.path("error").path("type").asText() + ": " + result.path("error").path("reason").asText();
                failures.add(new Failure(inBody.get(i), reason));
            }
        }
        body.reset();
        inBody.clear();
        return failures;
    }

    /** Removes the stored copy of a paper that cannot be indexed, rather than keep it stale. */
    private Refused leftOut(String target, Failure failure, long version) {
        ObjectNode action = QueryBodies.object();
        action.putObject("delete").put("_index", target).put("_id", failure.paper().paper().id().value())
                .put("version", version).put("version_type", "external");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        line(body, OpenSearchHttp.write(action));
        http.ndjson("/_bulk", body.toByteArray());
        return new Refused(failure.paper().paper().id(), false, failure.reason());
    }

    private static void line(ByteArrayOutputStream body, String json) {
        body.writeBytes(json.getBytes(StandardCharsets.UTF_8));
        body.write('\n');
    }
}
