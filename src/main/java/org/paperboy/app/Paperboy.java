package org.paperboy.app;

import org.paperboy.catalog.Catalog;
import org.paperboy.community.ApiTokens;
import org.paperboy.community.Comments;
import org.paperboy.community.Feed;
import org.paperboy.community.Members;
import org.paperboy.community.Sessions;
import org.paperboy.community.SubmissionRules;
import org.paperboy.community.Votes;
import org.paperboy.config.Settings;
import java.util.Map;
import java.util.Optional;
import org.paperboy.embed.EmbeddingModels;
import org.paperboy.embed.EmbeddingService;
import org.paperboy.embed.VectorStore;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.schedule.Scheduler;
import org.paperboy.search.IndexSync;
import org.paperboy.search.LuceneSearchIndex;
import org.paperboy.search.SearchIndex;
import org.paperboy.search.opensearch.OpenSearchConfig;
import org.paperboy.search.opensearch.OpenSearchIndex;
import org.paperboy.search.QueryVectors;
import org.paperboy.search.Search;
import org.paperboy.search.StoreLedger;
import org.paperboy.storage.ClusterLock;
import org.paperboy.storage.Database;

/** One running Paperboy: the store and the services built on it. Commands and the web server share it. */
public final class Paperboy implements AutoCloseable {

    private static final long MODEL_LOAD_WAIT_SECONDS = 10;

    private final Settings settings;
    private final Database database;
    private final Catalog catalog;
    private final Members members;
    private final Feed feed;
    private final Votes votes;
    private final Comments comments;
    private final Sessions sessions;
    private final ApiTokens apiTokens;
    private final org.paperboy.mail.Outbox outbox;
    private final org.paperboy.community.AccountMail accountMail;
    private final org.paperboy.subscription.Subscriptions subscriptions;
    private SearchIndex searchIndex;
    /** Shared by every search this process runs (each request builds its {@link Search}). */
    private final QueryVectors queryVectors;
    private IndexSync indexSync;
    private Scheduler scheduler;
    private org.paperboy.alerts.SavedAlerts alerts;
    /** Null until loaded; volatile so that {@link #loadedEmbeddings()} can look without waiting for the load. */
    private volatile Optional<EmbeddingService> embeddings;
    /** Held while the model loads: not this object's lock, so that closing waits for a load only a while. */
    private final java.util.concurrent.locks.ReentrantLock embeddingsLoad = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean ready;
    private volatile boolean closing;

    private Paperboy(Settings settings, Database database) {
        this.settings = settings;
        this.database = database;
        this.catalog = new Catalog(database);
        this.queryVectors = new QueryVectors(settings.integer(Settings.Key.SEARCH_QUERY_VECTORS));
        this.members = new Members(database);
        this.feed = new Feed(database);
        this.votes = new Votes(database);
        this.comments = new Comments(database);
        this.sessions = new Sessions(database, java.time.Clock.systemUTC());
        this.apiTokens = new ApiTokens(database);
        this.outbox = new org.paperboy.mail.Outbox(database, java.time.Clock.systemUTC(), settings.mailDomain(),
                this::wakeMailDelivery);
        this.accountMail = new org.paperboy.community.AccountMail(database, members,
                new org.paperboy.community.MailTokens(database, java.time.Clock.systemUTC()), outbox,
                settings.publicUrl(), settings.mailEnabled(), java.time.Clock.systemUTC());
        this.subscriptions = new org.paperboy.subscription.Subscriptions(database, outbox, java.time.Clock.systemUTC(),
                settings.publicUrl());
    }

    /** Opens (and if needed creates and migrates) the store that the settings name. */
    public static Paperboy open(Settings settings) {
        return new Paperboy(settings, Database.open(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword()));
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Members members() {
        return members;
    }

    public Feed feed() {
        return feed;
    }

    public Votes votes() {
        return votes;
    }

    public Comments comments() {
        return comments;
    }

    public Sessions sessions() {
        return sessions;
    }

    public ApiTokens apiTokens() {
        return apiTokens;
    }

    /** Mail waiting to be sent, and mail sent; queued whether or not mail is on (it goes once it is). */
    public org.paperboy.mail.Outbox outbox() {
        return outbox;
    }

    /** Confirming addresses, resetting and changing passwords: the account's mail (see {@code Members.verifiedEmail}). */
    public org.paperboy.community.AccountMail accountMail() {
        return accountMail;
    }

    /** Subscriptions to the mail digests (double opt-in, one-click unsubscribe). */
    public org.paperboy.subscription.Subscriptions subscriptions() {
        return subscriptions;
    }

    /** The sections members' saved alerts add to their digests: each alert's matches of the digest's period. */
    public org.paperboy.mail.digest.DigestAlerts digestAlerts() {
        return (userId, since, until) -> alerts().sectionsFor(userId, since, until).stream()
                .map(section -> new org.paperboy.mail.digest.DigestAlerts.AlertSection(section.alertName(),
                        section.matches().stream().map(match -> new org.paperboy.mail.digest.DigestAlerts.AlertItem(
                                match.paperId(), match.score(), match.why())).toList()))
                .toList();
    }

    /**
     * The section followed authors add to members' digests: their papers first seen in the digest's period, looked for
     * first among the papers written since the last look, so a digest never misses one the catalog holds.
     */
    public org.paperboy.mail.digest.DigestFollows digestFollows() {
        return (userId, from, to) -> {
            alerts().followed().catchUp(() -> false);
            return alerts().followed().seenBetween(userId, from, to).stream()
                    .map(found -> new org.paperboy.mail.digest.DigestFollows.FollowedItem(found.paperId(), found.why()))
                    .toList();
        };
    }

    /** Writes subscribers' digests, with links to {@code http.public-url}. */
    public org.paperboy.mail.digest.DigestBuilder digestBuilder() {
        return new org.paperboy.mail.digest.DigestBuilder(catalog, feed, votes, subscriptions, digestAlerts(),
                digestFollows(), settings.publicUrl());
    }

    /**
     * Queues the digests due on a day, and wakes the delivery when it queued some. Daily digests go out on the days
     * arXiv announces papers: a site that reads arXiv's listings knows them once it has read the day's listing; one
     * that does not (its papers come from imports and members) goes by arXiv's schedule.
     */
    public org.paperboy.mail.digest.DigestRun digestRun() {
        java.util.function.Predicate<java.time.LocalDate> announcementDay = settings.flag(Settings.Key.ARXIV_HARVEST)
                ? day -> !catalog.listing(day).isEmpty()
                : org.paperboy.ingest.arxiv.ArxivSchedule.of(settings)::isListingDay;
        return new org.paperboy.mail.digest.DigestRun(database, catalog, subscriptions, digestBuilder(), outbox,
                settings.weeklyDigestDay(), announcementDay, outbox::wakeDelivery);
    }

    /** Members' saved alerts, what they found, and the matcher (which loads the embedding model when it first runs). */
    public synchronized org.paperboy.alerts.SavedAlerts alerts() {
        if (alerts == null) {
            alerts = new org.paperboy.alerts.SavedAlerts(database, catalog,
                    () -> embeddings().map(EmbeddingService::model), settings.alertThreshold(), java.time.Clock.systemUTC());
        }
        return alerts;
    }

    /** What members may submit to the daily feed, from {@code submit.max-age-days} and {@code submit.daily-limit}. */
    public SubmissionRules submissionRules() {
        return new SubmissionRules(settings.integer(Settings.Key.SUBMIT_MAX_AGE_DAYS),
                settings.integer(Settings.Key.SUBMIT_DAILY_LIMIT));
    }

    /**
     * The search index of {@code search.engine}: in {@code DATA_DIR/index}, or the OpenSearch cluster's; opened on first
     * use (commands that only import never open it).
     */
    public synchronized SearchIndex searchIndex() {
        if (searchIndex == null) {
            searchIndex = settings.openSearch() ? OpenSearchIndex.open(OpenSearchConfig.of(settings))
                    : LuceneSearchIndex.open(settings.dataDir().resolve("index"));
        }
        return searchIndex;
    }

    /** What keeps the search index in step with the catalog and the stored vectors. */
    public synchronized IndexSync indexSync() {
        if (indexSync == null) {
            // Reading stored vectors needs the model's name only, not the model: keyword-only commands never load it.
            Optional<String> model = EmbeddingModels.spec(settings).map(EmbeddingModels.Spec::name);
            VectorStore vectors = new VectorStore(database);
            // An index the cluster shares has one writer, whichever node holds the lock; each node writes its own.
            indexSync = new IndexSync(catalog, new StoreLedger(database),
                    ids -> model.map(name -> vectors.find(ids, name)).orElse(Map.of()), searchIndex(),
                    searchIndex().sharedByCluster() ? ClusterLock.of(database, "search-index-writer") : null);
        }
        return indexSync;
    }

    /**
     * The configured embedding model with its vector store and background job; empty when {@code embedding.provider}
     * is {@code none}. Loaded on first use (about a second for the in-process model).
     */
    public Optional<EmbeddingService> embeddings() {
        embeddingsLoad.lock();
        try {
            if (embeddings == null) {
                Optional<EmbeddingService> loaded = EmbeddingService.open(settings, database);
                synchronized (this) {
                    if (closing) {
                        loaded.ifPresent(EmbeddingService::close);
                        throw new IllegalStateException("Paperboy is closing");
                    }
                    embeddings = loaded;
                }
            }
            return embeddings;
        } finally {
            embeddingsLoad.unlock();
        }
    }

    /** The background scheduler over the store, made on first use; the server starts it with {@link #scheduledJobs()}. */
    public synchronized Scheduler scheduler() {
        if (closing) {
            throw new IllegalStateException("Paperboy is closing");
        }
        if (scheduler == null) {
            scheduler = new Scheduler(database,
                    java.time.Duration.ofSeconds(settings.integer(Settings.Key.SCHEDULER_STOP_WAIT_SECONDS)));
        }
        return scheduler;
    }

    /** The recurring jobs a server runs, once per cluster. */
    public java.util.List<RecurringJob> scheduledJobs() {
        java.util.List<RecurringJob> jobs = new java.util.ArrayList<>(ArxivJobs.of(this));
        jobs.addAll(MailJobs.of(this));
        jobs.addAll(DigestJobs.of(this));
        jobs.add(alerts().job(settings.get(Settings.Key.ALERTS_MATCH_CRON).strip()));
        jobs.addAll(RateBucketJobs.of(database));
        return jobs;
    }

    /** Makes the mail delivery due now if this process runs the scheduler; the mail is queued whatever happens here. */
    private void wakeMailDelivery() {
        Scheduler started;
        synchronized (this) {
            started = scheduler;
        }
        if (started != null && started.isRunning() && settings.mailEnabled()) {
            try {
                started.runNow(MailJobs.OUTBOX);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Paperboy.class).warn("cannot wake the mail delivery: {}", e.toString());
            }
        }
    }

    /** Search over the index; with {@code semantic}, loads the model now and embeds queries for semantic and hybrid modes. */
    public Search search(boolean semantic) {
        return new Search(searchIndex(), semantic ? embeddings().map(EmbeddingService::model).orElse(null) : null);
    }

    /**
     * Search for a server: uses the embedding model once {@link #embeddings()} has loaded it (see
     * {@code startBackgroundWork}), and answers semantic and hybrid queries by keyword until then.
     */
    public Search liveSearch() {
        return new Search(searchIndex(), () -> loadedEmbeddings().map(EmbeddingService::model).orElse(null),
                queryVectors);
    }

    /** The embedding service if it is loaded already; never blocks (searches must not wait for a model load). */
    public Optional<EmbeddingService> loadedEmbeddings() {
        Optional<EmbeddingService> loaded = embeddings;
        return loaded == null ? Optional.empty() : loaded;
    }

    /**
     * Gets a server ready to search (see {@link Warmup}), then reports {@link #ready()}; the index sync must be
     * following the catalog. Returns early, not ready, when Paperboy is closing.
     */
    public void warmUp() throws InterruptedException {
        warmUp(() -> {});
    }

    /** As {@link #warmUp()}, and runs {@code pages} (the web server's warm-up of its pages) before it reports ready. */
    public void warmUp(Runnable pages) throws InterruptedException {
        new Warmup(this).run();
        if (!closing) {
            pages.run();
        }
        ready = !closing;
    }

    /** Whether {@link #warmUp()} has finished: searches are answered in full from now on. */
    public boolean ready() {
        return ready;
    }

    /** Whether {@link #close()} has begun: background work that sees it stops quietly. */
    public boolean closing() {
        return closing;
    }

    /**
     * Stops the background work and closes the store. Scheduled jobs stop first (they use all the rest), within
     * {@code scheduler.stop-wait-seconds}. The index sync and the embedding job each finish their batch in
     * flight, side by side. A model still loading is waited for a while (native code loading at JVM exit can crash
     * it), then closed by its loader when the load ends.
     */
    @Override
    public void close() {
        closing = true;
        stopScheduler();
        try {
            // Not under this object's lock: the loader takes it to publish the model.
            if (embeddingsLoad.tryLock(MODEL_LOAD_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                embeddingsLoad.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeServices();
    }

    /** Not under this object's lock: a job being waited for may need it. */
    private void stopScheduler() {
        Scheduler started;
        synchronized (this) {
            started = scheduler;
        }
        if (started != null) {
            started.close();
        }
    }

    private synchronized void closeServices() {
        Optional<EmbeddingService> loaded = loadedEmbeddings();
        Thread embeddingStop = Thread.ofPlatform().name("embedding-stop")
                .start(() -> loaded.ifPresent(EmbeddingService::close));
        if (indexSync != null) {
            indexSync.close();
        }
        try {
            embeddingStop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (searchIndex != null) {
            searchIndex.close();
        }
        database.close();
    }
}
