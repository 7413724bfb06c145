package org.paperboy.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.paperboy.catalog.PaperId;
import org.paperboy.search.AcronymExpansion;
import org.paperboy.search.AuthorLookup;
import org.paperboy.search.EffectiveMode;
import org.paperboy.search.IndexedPaper;
import org.paperboy.search.Ranking;
import org.paperboy.search.SearchHit;
import org.paperboy.search.SearchIndex;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.SearchResults;
import org.paperboy.search.SpellingCorrection;
import org.paperboy.search.UserQuery;
import org.paperboy.search.opensearch.OpenSearchRanker.Hit;
import org.paperboy.search.opensearch.OpenSearchRanker.Ranked;

/**
 * The search index on an OpenSearch cluster, shared by every Paperboy node: it ranks as the embedded index does (the
 * same analysis, BM25 parameters, query syntax, fusion and date orders), with the engine-neutral parts shared. Writes go
 * to the index behind the alias, or, during a rebuild, to the new index that takes the alias over once it has caught up
 * ({@link #caughtUp}). The cluster is first contacted on first use, so a Paperboy node starts while it is away.
 */
public final class OpenSearchIndex implements SearchIndex, AuthorLookup.Source {

    private final OpenSearchHttp http;
    private final IndexVersions versions;
    private final BulkWriter writer;
    private final QueryBodies queries;
    private final OpenSearchRanker ranker;
    private final PageSnippets snippets;
    private final OpenSearchAuthors authors;
    private final SimilarByVector similarPapers;
    private final OpenSearchPins pins;
    private final AcronymExpansion acronyms = new AcronymExpansion();
    private final SpellingCorrection spelling = new SpellingCorrection();
    private final String alias;
    /** A rebuild's new index, written to until it takes the alias over; null when none is under way. */
    private volatile String building;
    private volatile boolean aliasReady;

    private OpenSearchIndex(OpenSearchHttp http, OpenSearchConfig config, Ranking ranking) {
        this.http = http;
        this.alias = config.alias();
        this.versions = new IndexVersions(http, config, Clock.systemUTC());
        this.writer = new BulkWriter(http, versions);
        this.queries = new QueryBodies(ranking);
        this.ranker = new OpenSearchRanker(http, queries, ranking, alias);
        this.snippets = new PageSnippets(http, alias);
        this.authors = new OpenSearchAuthors(http, alias);
        this.similarPapers = new SimilarByVector(http, ranker, alias);
        this.pins = new OpenSearchPins(http, alias, queries.names());
    }

    public static OpenSearchIndex open(OpenSearchConfig config) {
        return open(config, Ranking.DEFAULT);
    }

    public static OpenSearchIndex open(OpenSearchConfig config, Ranking ranking) {
        return new OpenSearchIndex(new OpenSearchHttp(config), config, ranking);
    }

    @Override
    public boolean sharedByCluster() {
        return true;
    }

    @Override
    public List<Refused> apply(List<IndexedPaper> papers, long throughSeq) {
        String target = writeTarget();
        IndexVersions.Meta meta = versions.meta(target);
        List<Refused> refused = writer.write(target, papers, throughSeq);
        if (building == null) {
            http.call("POST", "/" + target + "/_refresh", null);
        }
        // never backwards: a late, older batch (a retry, another node) changed nothing, as its 409s said
        versions.writeMeta(target, Math.max(meta.appliedSeq(), throughSeq), meta.storeEpoch());
        return refused;
    }

    @Override
    public long appliedSeq() {
        return versions.meta(writeTarget()).appliedSeq();
    }

    /** Empty for an index of another document format too: the sync then rebuilds it. */
    @Override
    public Optional<String> storeEpoch() {
        IndexVersions.Meta meta = versions.meta(writeTarget());
        return IndexLayout.FORMAT.equals(meta.format()) ? Optional.ofNullable(meta.storeEpoch()) : Optional.empty();
    }

    /**
     * Starts a rebuild: a new index, filled by the next {@link #apply}s while searches still go to the current one,
     * until {@link #caughtUp} moves the alias. An index that holds nothing yet is reused.
     */
    @Override
    public void clear(String storeEpoch) {
        ready();
        if (building == null && stats().documents() == 0) {
            versions.writeMeta(alias, 0, storeEpoch);
            return;
        }
        String next = versions.create(storeEpoch);
        building = next;
        versions.dropOrphans(next);
    }

    @Override
    public void caughtUp() {
        String next = building;
        if (next != null) {
            versions.promote(next);
            building = null;
        }
    }

    @Override
    public SearchResults search(SearchRequest request, float[] queryVector) {
        long start = System.nanoTime();
        ready();
        UserQuery query = UserQuery.parse(request.query());
        EffectiveMode effective = EffectiveMode.of(request.mode(), query, queryVector);
        int wanted = request.offset() + request.limit();
        Ranked ranked = ranker.rank(request, query, effective, wanted);
        OpenSearchPins.Pins pins = request.sort() == SearchRequest.Sort.RELEVANCE
                ? this.pins.find(request.query(), query, queries.filter(request, query), wanted) : OpenSearchPins.Pins.NONE;
        ranked = inFrontOf(pins.ranked(), ranked, wanted);
        List<Hit> page = ranked.hits().subList(Math.min(request.offset(), ranked.hits().size()),
                Math.min(wanted, ranked.hits().size()));
        return new SearchResults(snippets.of(page, queries.highlight(query)), ranked.total(), effective.mode(),
                (System.nanoTime() - start) / 1_000, ranked.partial(), pins.reading());
    }

    /** The pinned papers first, scored at least as high as the best ranked one, then the rest. */
    private static Ranked inFrontOf(Ranked pins, Ranked ranked, int wanted) {
        if (pins.hits().isEmpty()) {
            return ranked;
        }
        float top = ranked.hits().isEmpty() ? 1f : ranked.hits().getFirst().score();
        List<Hit> merged = new ArrayList<>();
        Set<String> pinned = new HashSet<>();
        for (Hit pin : pins.hits()) {
            merged.add(new Hit(pin.id(), Math.max(top, pin.score()), pin.day()));
            pinned.add(pin.id());
        }
        long unseen = pins.hits().size();
        for (Hit hit : ranked.hits()) {
            if (pinned.contains(hit.id())) {
                unseen--;
            } else {
                merged.add(hit);
            }
        }
        return new Ranked(List.copyOf(merged.subList(0, Math.min(wanted, merged.size()))), ranked.total() + unseen,
                ranked.partial());
    }

    @Override
    public Optional<Correction> correctSpelling(String query) {
        ready();
        try {
            return spelling.correct(new OpenSearchVocabulary(http, alias), query);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A very short query's acronyms spelled out, from the papers that mention them most, as the embedded index does. */
    @Override
    public String semanticQuery(String text) {
        ready();
        try {
            return acronyms.expand(text, word -> {
                ObjectNode match = QueryBodies.object();
                match.putObject("match").put(IndexLayout.TEXT, word);
                ObjectNode body = QueryBodies.object();
                body.put("size", AcronymExpansion.PAPERS_READ).putArray("_source").add(IndexLayout.TITLE)
                        .add(IndexLayout.ABSTRACT);
                body.set("query", match);
                List<String> texts = new ArrayList<>();
                for (JsonNode hit : http.call("POST", "/" + alias + "/_search", body).path("hits").path("hits")) {
                    texts.add(hit.path("_source").path(IndexLayout.TITLE).asText(""));
                    texts.add(hit.path("_source").path(IndexLayout.ABSTRACT).asText(""));
                }
                return texts;
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public List<SearchHit> similar(Collection<PaperId> seeds, int limit) {
        ready();
        return similarPapers.of(seeds, limit);
    }

    @Override
    public Optional<float[]> vectorOf(PaperId id) {
        ready();
        return similarPapers.vectorOf(id);
    }

    @Override
    public IndexStats stats() {
        ready();
        ObjectNode withVector = QueryBodies.wrap("exists", QueryBodies.object().put("field", IndexLayout.VECTOR));
        return new IndexStats(count(null), count(withVector));
    }

    private long count(ObjectNode query) {
        ObjectNode body = QueryBodies.object();
        if (query != null) {
            body.set("query", query);
        }
        return http.call("POST", "/" + alias + "/_count", body).path("count").asLong();
    }

    @Override
    public void forceMerge(int maxSegments) {
        http.call("POST", "/" + writeTarget() + "/_forcemerge?max_num_segments=" + maxSegments, null);
    }

    @Override
    public AuthorLookup.AuthorPapers authorPapers(String name, int offset, int limit, int maxTallied) {
        ready();
        return authors.papers(name, offset, limit, maxTallied);
    }

    @Override
    public List<String> authorSpellings(String name) {
        ready();
        return authors.spellings(name);
    }

    /**
     * Reports every request this index sends from now on (null: stop): a measuring hook for the search benchmark;
     * nothing is timed while no one listens.
     */
    public void listen(java.util.function.Consumer<OpenSearchExchange> listener) {
        http.listen(listener);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "OpenSearch index " + alias;
    }

    private String writeTarget() {
        ready();
        String next = building;
        return next != null ? next : alias;
    }

    /** The alias exists from the first use on (an empty index behind it on a new cluster). */
    private void ready() {
        if (!aliasReady) {
            versions.ensureAlias();
            aliasReady = true;
        }
    }
}
