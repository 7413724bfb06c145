package org.paperboy.embed;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.storage.ClusterLock;
import org.paperboy.storage.Database;

/**
 * The embedding pipeline of a running Paperboy in one object: the configured model, the vector store and the
 * background job, for the server to wire in a few lines:
 * <pre>
 *   Optional&lt;EmbeddingService&gt; embeddings = EmbeddingService.open(settings, database);
 *   embeddings.ifPresent(EmbeddingService::startBackground);          // vectors for papers that lack them
 *   new IndexSync(catalog, ledger, ids -&gt; embeddings.map(e -&gt; e.vectorsFor(ids)).orElse(Map.of()), index);
 *   embeddings.map(e -&gt; e.status().label())                          // "semantic index: 4,300 / 10,000"
 *   embeddings.ifPresent(EmbeddingService::close);                    // on shutdown, before the database
 * </pre>
 */
public final class EmbeddingService implements AutoCloseable {

    static final String JOB_LOCK = "embedding-job";

    private final EmbeddingModel model;
    private final VectorStore store;
    private final EmbeddingJob job;
    private final Database database;

    public EmbeddingService(EmbeddingModel model, Database database) {
        this.model = model;
        this.database = database;
        this.store = new VectorStore(database);
        this.job = new EmbeddingJob(store, model);
    }

    /** The configured provider's model over this store; empty when {@code embedding.provider} is {@code none}. */
    public static Optional<EmbeddingService> open(Settings settings, Database database) {
        return EmbeddingModels.open(settings).map(model -> new EmbeddingService(model, database));
    }

    public EmbeddingModel model() {
        return model;
    }

    public VectorStore store() {
        return store;
    }

    public EmbeddingJob job() {
        return job;
    }

    /** The stored vectors of these papers under the current model (what the search index stores with them). */
    public Map<PaperId, float[]> vectorsFor(Collection<PaperId> ids) {
        return store.find(ids, model.name());
    }

    /**
     * Embeds missing papers on a background daemon thread, then keeps looking for new ones; once for the cluster: of
     * the nodes on one store, the one holding the cluster lock {@value #JOB_LOCK} embeds, and another takes over
     * (from the papers still without a vector) when it stops.
     */
    public void startBackground() {
        job.refresh();
        job.start(ClusterLock.of(database, JOB_LOCK));
    }

    /** After an import: look for papers to embed now rather than at the next poll. */
    public void papersChanged() {
        job.wake();
    }

    public EmbeddingJob.Status status() {
        return job.status();
    }

    /**
     * Stops the background job and the model: the batch in flight is embedded and stored first (a second or a few),
     * and no embedding runs once this returns.
     */
    @Override
    public void close() {
        job.requestStop();
        model.close();
        job.stop(Duration.ofSeconds(5));
    }
}
