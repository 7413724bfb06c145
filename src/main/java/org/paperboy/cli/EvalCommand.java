package org.paperboy.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.paperboy.catalog.Catalog;
import org.paperboy.config.Settings;
import org.paperboy.embed.EmbeddingException;
import org.paperboy.embed.EmbeddingJob;
import org.paperboy.embed.EmbeddingModel;
import org.paperboy.embed.EmbeddingModels;
import org.paperboy.embed.VectorFile;
import org.paperboy.embed.VectorStore;
import org.paperboy.eval.BeirQueries;
import org.paperboy.eval.CorpusIds;
import org.paperboy.eval.Evaluation;
import org.paperboy.eval.FusionCrossValidation;
import org.paperboy.eval.Qrels;
import org.paperboy.eval.Retriever;
import org.paperboy.ingest.BeirCorpusFormat;
import org.paperboy.ingest.ImportReport;
import org.paperboy.ingest.Importer;
import org.paperboy.search.Fusion;
import org.paperboy.search.IndexSync;
import org.paperboy.search.LuceneSearchIndex;
import org.paperboy.search.Ranking;
import org.paperboy.search.SearchIndex;
import org.paperboy.search.opensearch.OpenSearchConfig;
import org.paperboy.search.opensearch.OpenSearchIndex;
import org.paperboy.search.Search;
import org.paperboy.search.SearchHit;
import org.paperboy.search.SearchMode;
import org.paperboy.search.SearchRequest;
import org.paperboy.search.SearchResults;
import org.paperboy.search.StoreLedger;
import org.paperboy.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measures search quality on a BEIR-format data set: nDCG@10, Recall@100 and MRR@10 per mode.",
                "Imports the corpus into a scratch store (never your own), indexes it (and embeds it for semantic and "
                        + "hybrid), runs every query the qrels judge and prints a table (docs/search-quality.md).",
                "The embedding settings (embedding.provider and its kin) and search.engine apply (on OpenSearch, under "
                        + "the alias search.opensearch.index-eval); the store settings do not."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "BEIR corpus.jsonl (plain or .gz).")
    Path corpus;

    @Option(names = "--queries", required = true, paramLabel = "FILE", description = "BEIR queries.jsonl (plain or .gz).")
    Path queries;

    @Option(names = "--qrels", required = true, paramLabel = "FILE",
            description = "Judgments: BEIR qrels TSV (query-id, corpus-id, score). Only the queries it judges are run.")
    Path qrels;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "all",
            description = "keyword, semantic, hybrid or all (the three in turn). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--scratch", paramLabel = "DIR",
            description = "Directory for the scratch store and index, kept afterwards (default: a temporary one, deleted).")
    Path scratch;

    @Option(names = "--vectors-cache", paramLabel = "FILE",
            description = {"Keep the corpus's vectors in FILE and reuse them on later runs (same text, same model).",
                    "The format of paperboy embed --export/--import, so either can make it."})
    Path vectorsCache;

    @Option(names = "--per-query", paramLabel = "FILE",
            description = "Also write every query's scores to FILE (tab-separated).")
    Path perQuery;

    @Option(names = "--runs", paramLabel = "DIR",
            description = "Also write each mode's rankings to DIR/MODE.run in TREC run format (for trec_eval).")
    Path runs;

    // Ranking parameters of the Lucene index, for tuning on a train split; unset means the index's default.

    @Option(names = "--title-boost", paramLabel = "W", description = "Weight of a title match (default: the index's).")
    Float titleBoost;

    @Option(names = "--author-boost", paramLabel = "W", description = "Weight of an author match (default: the index's).")
    Float authorBoost;

    @Option(names = "--candidates", paramLabel = "N", description = "Results each method adds to hybrid fusion (default: the index's).")
    Integer candidates;

    @Option(names = "--fusion", paramLabel = "rrf|convex",
            description = "How hybrid merges keyword and semantic: reciprocal-rank or convex (default: the index's, convex).")
    String fusion;

    @Option(names = "--rrf-k", paramLabel = "K", description = "k of reciprocal-rank fusion (default: 60; implies --fusion rrf).")
    Integer rrfK;

    @Option(names = "--semantic-weight", paramLabel = "W", description = "Weight of the semantic ranking in RRF (default: 1; implies --fusion rrf).")
    Float semanticWeight;

    @Option(names = "--alpha", paramLabel = "A", description = "Weight of the semantic side in convex fusion, 0 to 1 (default: the index's, 0.6).")
    Float alpha;

    @Option(names = "--normalization", paramLabel = "minmax|zscore",
            description = "How convex fusion normalises each side's scores (default: minmax).")
    String normalization;

    @Option(names = "--folds", paramLabel = "N",
            description = {"Also cross-validate the hybrid fusion over N folds of the judged queries: each method's "
                    + "parameters are chosen on N-1 folds and scored on the held-out one (docs/search-quality.md)."})
    Integer folds;

    private final PrintStream status = System.err;

    @Override
    public Integer call() throws Exception {
        List<SearchMode> modes = modes(mode);
        if (folds != null && (folds < 2 || modes.equals(List.of(SearchMode.KEYWORD)))) {
            throw new ParameterException(spec.commandLine(), "--folds needs at least 2 folds and a mode with vectors "
                    + "(semantic, hybrid or all)");
        }
        ranking(); // a bad ranking option is a usage error before any work
        Settings settings = config.resolve(Map.of());
        Qrels judgments = Qrels.load(qrels);
        BeirQueries queryTexts = BeirQueries.load(queries);
        Evaluation evaluation;
        try {
            evaluation = new Evaluation(queryTexts, judgments);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(qrels + ": " + e.getMessage() + " (" + queries + ")");
        }
        if (!Files.isRegularFile(corpus) || !Files.isReadable(corpus)) {
            throw new CommandFailedException("cannot read " + corpus + ": no such readable file");
        }
        boolean temporary = scratch == null;
        Path dir = temporary ? Files.createTempDirectory("paperboy-eval-") : scratch;
        status.println("scratch directory " + dir + (temporary ? " (deleted at the end)" : ""));
        try {
            return evaluate(settings, modes, evaluation, judgments, queryTexts, dir);
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
    }

    private int evaluate(Settings settings, List<SearchMode> modes, Evaluation evaluation, Qrels judgments,
                         BeirQueries queryTexts, Path dir) throws IOException {
        BeirCorpusFormat format = new BeirCorpusFormat(BeirCorpusFormat.DEFAULT_NAMESPACE);
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("eval.db"), null, null)) {
            Catalog catalog = new Catalog(database);
            ImportReport imported = new Importer(catalog).importFiles(List.of(corpus), format, new ProgressReporter());
            CorpusIds ids = CorpusIds.read(corpus, format);
            if (catalog.count() != ids.size()) {
                throw new CommandFailedException("the scratch store in " + dir + " holds " + catalog.count()
                        + " papers, but the corpus " + ids.size() + ": it was used for another corpus; "
                        + "use an empty directory");
            }
            if (imported.skippedCount() > 0) {
                status.println("warning: the importer skipped records of the corpus; they cannot be found\n  "
                        + imported.summary(5).strip());
            }
            warnAboutMissingDocuments(judgments, ids);
            PrintStream out = System.out;
            out.printf("corpus   %s: %,d documents%s%n", corpus, ids.size(),
                    ids.refused().isEmpty() ? "" : String.format(" (%,d refused by the importer)", ids.refused().size()));
            out.printf("queries  %s: %,d judged in %s (of %,d), %,d judgments, %,d relevant%n", queries,
                    judgments.queryCount(), qrels, queryTexts.size(), judgments.judgmentCount(), judgments.relevantCount());
            try (Engine engine = retrieverFor(settings, database, catalog, dir, modes, ids)) {
                out.println("engine   " + engine.description());
                out.println();
                out.flush();
                List<Evaluation.ModeResult> results = new ArrayList<>();
                for (SearchMode m : modes) {
                    long degradedBefore = engine.degraded().get();
                    results.add(evaluation.run(engine.retriever(), m));
                    long degraded = engine.degraded().get() - degradedBefore;
                    if (degraded > 0) {
                        status.printf("warning: %,d of %,d %s searches were answered in another mode (no query vector)%n",
                                degraded, evaluation.queryCount(), m.label());
                    }
                }
                out.print(Evaluation.table(results));
                out.flush();
                if (folds != null) {
                    crossValidate(engine, judgments, queryTexts, out);
                }
                if (perQuery != null) {
                    Files.writeString(perQuery, Evaluation.perQueryTsv(results));
                    status.println("per-query scores written to " + perQuery);
                }
                if (runs != null) {
                    Files.createDirectories(runs);
                    for (Evaluation.ModeResult result : results) {
                        Files.writeString(runs.resolve(result.mode().label() + ".run"), Evaluation.trecRun(result));
                    }
                    status.println("TREC runs written to " + runs);
                }
            }
            return 0;
        }
    }

    /**
     * Retrieves every judged query's keyword and semantic candidates once through the engine, then cross-validates
     * the fusion methods over them.
     */
    private void crossValidate(Engine engine, Qrels judgments, BeirQueries queryTexts, PrintStream out) {
        status.printf("cross-validation: retrieving the keyword and semantic candidates of %,d queries%n",
                judgments.queryCount());
        Map<String, FusionCrossValidation.Candidates> candidates = new HashMap<>();
        for (String query : judgments.queryIds()) {
            candidates.put(query, engine.candidates().apply(queryTexts.text(query).orElseThrow()));
        }
        FusionCrossValidation cv;
        try {
            cv = new FusionCrossValidation(candidates, judgments, folds);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException("--folds: " + e.getMessage());
        }
        List<FusionCrossValidation.Result> results = FusionCrossValidation.standardMethods().stream()
                .map(cv::run).toList();
        out.println();
        out.printf("cross-validation over %d folds of %,d queries (hybrid, %d candidates a side)%n%n", folds,
                judgments.queryCount(), engine.ranking().candidates());
        out.print(FusionCrossValidation.table(results));
        out.flush();
    }

    /** A retriever over the real engine, and what it holds open. */
    private record Engine(Retriever retriever, Function<String, FusionCrossValidation.Candidates> candidates,
                          Ranking ranking, AtomicLong degraded, String description,
                          List<AutoCloseable> resources) implements AutoCloseable {
        @Override
        public void close() {
            for (AutoCloseable resource : resources.reversed()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("warning: cannot close " + resource + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * THE WIRING to the search engine, the same path a server takes: the corpus, imported into {@code catalog}, gets
     * its vectors (when a mode needs them) from the configured embedding model through {@link EmbeddingJob} into the
     * {@link VectorStore}, loaded first from {@code --vectors-cache} (a {@link VectorFile}) and written back to it;
     * {@link IndexSync} builds the index of {@code search.engine} (a {@link LuceneSearchIndex} in {@code dir}, or an
     * {@link OpenSearchIndex} under the alias {@code search.opensearch.index}-eval) from the catalog and the stored vectors; every query goes
     * through {@link Search}, as {@code paperboy search} and the web pages send it. Catalog ids map back to the
     * corpus's {@code _id}s.
     */
    private Engine retrieverFor(Settings settings, Database database, Catalog catalog, Path dir, List<SearchMode> modes,
                                CorpusIds ids) throws IOException {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Ranking ranking = ranking();
            // search.engine picks the engine; on OpenSearch the corpus goes under an alias of its own, never the site's
            OpenSearchConfig cluster = settings.openSearch()
                    ? OpenSearchConfig.of(settings).withAlias(settings.get(Settings.Key.SEARCH_OPENSEARCH_INDEX).strip() + "-eval")
                    : null;
            SearchIndex index = cluster != null ? OpenSearchIndex.open(cluster, ranking)
                    : LuceneSearchIndex.open(dir.resolve("index"), ranking);
            resources.add(index);
            if (index.readOnly()) {
                throw new CommandFailedException("the index in " + dir.resolve("index") + " is in use by another process");
            }
            String description = String.format(Locale.ROOT, "%s (titleBoost %s, authorBoost %s, candidates %d, "
                            + "fusion %s)", cluster != null ? "OpenSearch " + cluster.alias() : "Lucene",
                    ranking.titleBoost(), ranking.authorBoost(), ranking.candidates(), ranking.fusion());
            EmbeddingModel model = null;
            IndexSync.VectorSource vectors = IndexSync.VectorSource.NONE;
            if (modes.stream().anyMatch(m -> m != SearchMode.KEYWORD)) {
                try {
                    model = EmbeddingModels.open(settings).orElseThrow(() -> new CommandFailedException(
                            "semantic and hybrid modes need an embedding model, but embedding.provider is 'none'"));
                } catch (EmbeddingException e) {
                    throw new CommandFailedException("cannot open the embedding model: " + e.getMessage());
                }
                resources.add(model);
                VectorStore store = new VectorStore(database);
                embedCorpus(store, model);
                String name = model.name();
                vectors = batch -> store.find(batch, name);
                description += ", embeddings " + name;
            }
            IndexSync sync = new IndexSync(catalog, new StoreLedger(database), vectors, index);
            resources.add(sync);
            long start = System.nanoTime();
            long indexed = sync.rebuild(seq -> {});
            // One segment, whenever background merges would have finished: approximate kNN results depend on the
            // segments searched, and the figures must not depend on the machine's timing.
            index.forceMerge(1);
            status.printf("indexed %,d documents (%,d with a vector) in %.1f s%n", indexed, index.stats().withVector(),
                    (System.nanoTime() - start) / 1e9);
            Search search = new Search(index, model);
            AtomicLong degraded = new AtomicLong();
            Retriever retriever = (query, searchMode, k) -> {
                SearchResults results = search.search(SearchRequest.of(query, searchMode, k));
                if (results.modeUsed() != searchMode) {
                    degraded.incrementAndGet();
                }
                List<String> ranked = new ArrayList<>(results.hits().size());
                for (SearchHit hit : results.hits()) {
                    ranked.add(ids.corpusId(hit.id()));
                }
                return ranked;
            };
            Function<String, FusionCrossValidation.Candidates> candidates = query -> new FusionCrossValidation.Candidates(
                    scored(search, ids, query, SearchMode.KEYWORD, ranking.candidates()),
                    scored(search, ids, query, SearchMode.SEMANTIC, ranking.candidates()));
            return new Engine(retriever, candidates, ranking, degraded, description, resources);
        } catch (IOException | RuntimeException e) {
            new Engine(null, null, null, null, null, resources).close();
            throw e;
        }
    }

    private static List<Fusion.Scored<String>> scored(Search search, CorpusIds ids, String query, SearchMode mode,
                                                      int k) {
        List<Fusion.Scored<String>> ranked = new ArrayList<>();
        for (SearchHit hit : search.search(SearchRequest.of(query, mode, k)).hits()) {
            ranked.add(new Fusion.Scored<>(ids.corpusId(hit.id()), hit.score()));
        }
        return ranked;
    }

    /**
     * Gives every paper of the scratch store a current vector: those in the {@code --vectors-cache} file are loaded
     * (a vector counts only if it was computed from the paper's present text), the rest are embedded, and the file is
     * rewritten whenever a good number of new vectors have been stored, so an interrupted run keeps most of its work.
     */
    private void embedCorpus(VectorStore store, EmbeddingModel model) throws IOException {
        String name = model.name();
        int dimension = model.dimension();
        if (vectorsCache != null && Files.exists(vectorsCache)) {
            try {
                VectorFile.ImportResult loaded = VectorFile.importFile(store, vectorsCache, name, dimension);
                status.printf("vectors cache %s: %,d vectors read, %s papers have a current one%n", vectorsCache,
                        loaded.read(), loaded.progress().label());
            } catch (VectorFile.VectorFileException e) {
                throw new CommandFailedException("--vectors-cache: " + e.getMessage()
                        + " (delete the file or name another)");
            }
        }
        VectorStore.Progress before = store.progress(name);
        if (before.missing() > 0) {
            embedMissing(store, model, before);
        }
        if (vectorsCache != null && (before.missing() > 0 || !Files.exists(vectorsCache))) {
            saveCache(store, name, dimension);
        }
    }

    private void embedMissing(VectorStore store, EmbeddingModel model, VectorStore.Progress before) {
        String name = model.name();
        status.printf("embedding %,d of %,d documents with %s (%s)%n", before.missing(), before.total(), name,
                vectorsCache == null ? "tip: --vectors-cache FILE keeps them for the next run" : "saved to " + vectorsCache);
        long[] exportedAt = {0};
        long[] lastLine = {System.nanoTime()};
        EmbeddingJob.Result result;
        try {
            result = new EmbeddingJob(store, model).run(Long.MAX_VALUE, new EmbeddingJob.Listener() {
                @Override
                public void progressed(EmbeddingJob.Status now) {
                    if (System.nanoTime() - lastLine[0] > 10_000_000_000L) {
                        lastLine[0] = System.nanoTime();
                        status.printf("  %,d / %,d embedded, %.1f documents/s%n", now.runEmbedded(), now.runTarget(),
                                now.rate());
                    }
                    if (vectorsCache != null && now.runEmbedded() - exportedAt[0] >= CACHE_EVERY) {
                        exportedAt[0] = now.runEmbedded();
                        saveCache(store, name, model.dimension());
                    }
                }
            });
        } catch (EmbeddingException e) {
            throw new CommandFailedException("embedding the corpus failed: " + e.getMessage());
        }
        status.printf("embedded %,d documents in %.1f s (%.1f/s)%s%n", result.embedded(), result.seconds(),
                result.rate(), result.failed() > 0 ? String.format("; %,d failed and stay without a vector",
                        result.failed()) : "");
    }

    /** New vectors between two writes of the cache file. */
    private static final long CACHE_EVERY = 1_000;

    private void saveCache(VectorStore store, String model, int dimension) {
        try {
            VectorFile.export(store, model, dimension, vectorsCache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the vectors cache " + vectorsCache + ": "
                    + e.getMessage(), e);
        }
    }

    private Ranking ranking() {
        Ranking d = Ranking.DEFAULT;
        try {
            Ranking ranking = new Ranking(
                    titleBoost != null ? titleBoost : d.titleBoost(),
                    authorBoost != null ? authorBoost : d.authorBoost(),
                    candidates != null ? candidates : d.candidates(),
                    fusion(d.fusion()),
                    d.timeoutMillis());
            if (ranking.titleBoost() < 0 || ranking.authorBoost() < 0 || ranking.candidates() < 1) {
                throw new IllegalArgumentException("ranking parameters must not be negative (and --candidates at least 1)");
            }
            return ranking;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The fusion the options name; the index's default when none is given. */
    private Fusion fusion(Fusion byDefault) {
        boolean rrfOptions = rrfK != null || semanticWeight != null;
        boolean convexOptions = alpha != null || normalization != null;
        String kind = fusion != null ? fusion.strip().toLowerCase(Locale.ROOT)
                : convexOptions ? "convex" : rrfOptions ? "rrf" : "";
        return switch (kind) {
            case "" -> byDefault;
            case "rrf" -> {
                if (convexOptions) {
                    throw new IllegalArgumentException("--alpha and --normalization are for --fusion convex");
                }
                Fusion.ReciprocalRank base = byDefault instanceof Fusion.ReciprocalRank r ? r
                        : new Fusion.ReciprocalRank(60, 1f);
                yield new Fusion.ReciprocalRank(rrfK != null ? rrfK : base.k(),
                        semanticWeight != null ? semanticWeight : base.semanticWeight());
            }
            case "convex" -> {
                if (rrfOptions) {
                    throw new IllegalArgumentException("--rrf-k and --semantic-weight are for --fusion rrf");
                }
                Fusion.Convex base = byDefault instanceof Fusion.Convex c ? c
                        : new Fusion.Convex(0.5f, Fusion.Normalization.MIN_MAX);
                yield new Fusion.Convex(alpha != null ? alpha : base.alpha(),
                        normalization != null ? Fusion.Normalization.parse(normalization) : base.normalization());
            }
            default -> throw new IllegalArgumentException("--fusion must be rrf or convex, not '" + fusion + "'");
        };
    }

    /** Relevant judgments naming documents the store does not hold can never be found: say so before the numbers. */
    private void warnAboutMissingDocuments(Qrels judgments, CorpusIds ids) {
        int missing = 0;
        int relevant = 0;
        for (String query : judgments.queryIds()) {
            for (Map.Entry<String, Integer> judged : judgments.judgments(query).entrySet()) {
                if (judged.getValue() > 0) {
                    relevant++;
                    if (!ids.contains(judged.getKey())) {
                        missing++;
                    }
                }
            }
        }
        if (missing > 0) {
            status.printf("warning: %,d of %,d relevant judgments name documents that are not in the corpus "
                    + "(or that the importer refused); they count as not found%n", missing, relevant);
        }
    }

    /** The modes {@code --mode} names; an unknown one is a usage error (exit code 2). */
    private List<SearchMode> modes(String mode) {
        if (mode.strip().equalsIgnoreCase("all")) {
            return List.of(SearchMode.KEYWORD, SearchMode.SEMANTIC, SearchMode.HYBRID);
        }
        try {
            return List.of(SearchMode.parse(mode));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "--mode must be keyword, semantic, hybrid or all, not '" + mode + "'");
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("warning: cannot delete the scratch directory " + dir + ": " + e.getMessage());
        }
    }
}
