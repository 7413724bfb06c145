package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The concrete indexes behind the alias Paperboy searches, and their bookkeeping. Every index is built as
 * {@code alias-<timestamp>}; a rebuild fills a new one while the alias still points at the old, then moves the alias
 * in one {@code _aliases} call (remove and add together), so searches never see a gap. Each index keeps the last
 * change applied and the store it follows in its mapping's {@code _meta}, written after the documents it describes: a
 * crash in between leaves them applied under an older sequence, and re-applying them is harmless (external versions).
 */
final class IndexVersions {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    /** What an index's {@code _meta} says. */
    record Meta(long appliedSeq, String storeEpoch, String format) {
        static final Meta NONE = new Meta(0, null, IndexLayout.FORMAT);
    }

    private final OpenSearchHttp http;
    private final OpenSearchConfig config;
    private final Clock clock;
    /** The names this alias's indexes have, and no other (another alias may start with this one's name). */
    private final Pattern ownName;

    IndexVersions(OpenSearchHttp http, OpenSearchConfig config, Clock clock) {
        this.http = http;
        this.config = config;
        this.clock = clock;
        this.ownName = Pattern.compile(Pattern.quote(config.alias()) + "-(initial|\\d{17})");
    }

    String alias() {
        return config.alias();
    }

    /** The indexes the alias points at now (one, unless someone changed it by hand); none before the first. */
    List<String> behindAlias() {
        JsonNode answer = http.call("GET", "/_alias/" + alias(), null, Set.of(200, 404));
        List<String> names = new ArrayList<>();
        if (answer.has("error")) {
            return names;
        }
        answer.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Makes the alias point at an empty index if it points at none: the first start of a site. */
    void ensureAlias() {
        if (!behindAlias().isEmpty()) {
            return;
        }
        if (http.status("HEAD", "/" + alias()) == 200) {
            throw new IllegalStateException("search.opensearch.index '" + alias() + "' names an index, not an alias: "
                    + "pick another name");
        }
        // A fixed first name: two nodes starting at once create it once, and the one that loses is told so.
        String first = alias() + "-initial";
        ObjectNode body = IndexLayout.newIndex(config.shards(), null);
        body.putObject("aliases").putObject(alias());
        JsonNode created = http.call("PUT", "/" + first, body, Set.of(200, 400));
        if (created.has("error") && !"resource_already_exists_exception".equals(created.path("error").path("type").asText())) {
            throw new IllegalStateException("cannot create the OpenSearch index " + first + ": " + created.path("error"));
        }
        serving(first);
    }

    /** A new, empty index for a rebuild, set for bulk loading; the alias does not point at it yet. */
    String create(String storeEpoch) {
        String name = alias() + "-" + STAMP.format(clock.instant());
        http.call("PUT", "/" + name, IndexLayout.newIndex(config.shards(), storeEpoch));
        return name;
    }

    /**
     * Readies {@code building} for searching (replicas and refresh back, merged down) and moves the alias to it in
     * one call; then drops the indexes it pointed at before.
     */
    void promote(String building) {
        List<String> old = behindAlias();
        serving(building);
        http.call("POST", "/" + building + "/_forcemerge?max_num_segments=1", null);
        http.call("GET", "/_cluster/health/" + building + "?wait_for_status=" + (config.replicas() == 0 ? "green" : "yellow")
                + "&timeout=60s", null, Set.of(200, 408));
        ObjectNode body = QueryBodies.object();
        ArrayNode actions = body.putArray("actions");
        for (String index : old) {
            actions.addObject().putObject("remove").put("index", index).put("alias", alias());
        }
        actions.addObject().putObject("add").put("index", building).put("alias", alias());
        http.call("POST", "/_aliases", body);
        for (String index : old) {
            http.call("DELETE", "/" + index, null, Set.of(200, 404));
        }
    }

    /** Drops indexes of this alias that it does not point at, other than {@code keep}: rebuilds a crash left behind. */
    void dropOrphans(String keep) {
        JsonNode all = http.call("GET", "/" + alias() + "-*/_alias", null, Set.of(200, 404));
        List<String> serving = behindAlias();
        for (Iterator<String> names = all.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(keep) && !serving.contains(name) && ownName.matcher(name).matches()) {
                http.call("DELETE", "/" + name, null, Set.of(200, 404));
            }
        }
    }

    Meta meta(String target) {
        JsonNode mappings = mappingOf(target);
        JsonNode meta = mappings.path("_meta");
        if (meta.isMissingNode()) {
            return Meta.NONE;
        }
        return new Meta(meta.path("appliedSeq").asLong(0),
                meta.hasNonNull("storeEpoch") ? meta.get("storeEpoch").asText() : null, meta.path("format").asText(""));
    }

    /** Records the bookkeeping; only {@code _meta} is sent, which replaces the mapping's {@code _meta} whole. */
    void writeMeta(String target, long appliedSeq, String storeEpoch) {
        ObjectNode body = QueryBodies.object();
        body.set("_meta", IndexLayout.meta(appliedSeq, storeEpoch));
        http.call("PUT", "/" + target + "/_mapping", body);
    }

    /** The dimension of the index's vector field, or 0 before the first vector. */
    int vectorDimension(String target) {
        return mappingOf(target).path("properties").path(IndexLayout.VECTOR).path("dimension").asInt(0);
    }

    void addVectorField(String target, int dimension) {
        http.call("PUT", "/" + target + "/_mapping", IndexLayout.vectorMapping(dimension));
    }

    /**
     * The mapping as the node asked knows it, from its own copy of the cluster state: {@code GET _mapping} asks the
     * cluster manager, and while there is none (a node of the cluster down) it waits for one, 30 s, then fails, though
     * searches go on; so would every {@code /healthz}, which shows the applied sequence.
     */
    private JsonNode mappingOf(String target) {
        JsonNode answer = http.call("GET", "/_cluster/state/metadata/" + target
                + "?local=true&filter_path=metadata.indices.*.mappings", null, Set.of(200, 404));
        Iterator<JsonNode> indexes = answer.path("metadata").path("indices").elements();
        if (!indexes.hasNext()) {
            return QueryBodies.object();
        }
        JsonNode mappings = indexes.next().path("mappings");
        // the cluster state keeps a mapping under its type's name
        return mappings.has("_doc") ? mappings.get("_doc") : mappings;
    }

    /** Replicas and refresh as configured for an index that answers searches (bulk loading had them off). */
    private void serving(String index) {
        ObjectNode settings = QueryBodies.object();
        settings.putObject("index").put("number_of_replicas", config.replicas()).put("refresh_interval", "1s");
        http.call("PUT", "/" + index + "/_settings", settings);
        http.call("POST", "/" + index + "/_refresh", null);
    }
}
