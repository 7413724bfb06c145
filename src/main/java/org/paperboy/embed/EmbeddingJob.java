package org.paperboy.embed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.ClusterLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the vectors papers are missing (no vector of the current model, or one from text that has since changed),
 * a small batch at a time: each batch is embedded and then stored in one transaction, so a crash or {@code kill -9}
 * loses at most the batch in flight and the next run resumes where this one stopped. One thread runs the job; the
 * in-process model embeds a batch's texts side by side on its own threads, one per core, without spinning, so a web
 * server beside it still gets its share of the cores.
 *
 * <p>Two ways to run: {@link #run} in the caller's thread until done, a limit or {@link #stop()} ({@code paperboy
 * embed}); or {@link #start()} on a background daemon thread that embeds whatever is missing, then looks again every
 * {@code idlePoll} (or at once on {@link #wake()}), and backs off after a failure (an endpoint that is down) instead
 * of giving up. {@link #status()} says how far it has come at any time ("semantic index: 4,300 / 10,000").
 *
 * <p>A batch that fails is retried text by text: texts that fail alone are skipped until the next run (counted in
 * {@link Status#failed} and shown as the last error); if none succeeds the failure is the model's, and the run ends
 * with it.
 */
public final class EmbeddingJob {

    public static final int DEFAULT_BATCH_SIZE = 16;
    private static final Duration DEFAULT_IDLE_POLL = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** How often a node that does not hold the cluster's embedding lock asks for it. */
    static final Duration TURN_RETRY = Duration.ofSeconds(2);
    /** Re-count the catalog now and then, so the total follows papers imported meanwhile. */
    private static final long RECOUNT_NANOS = 30_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(EmbeddingJob.class);

    /** Told about progress, from the thread that embeds; must be quick. */
    public interface Listener {
        default void started(Status status) {}

        default void progressed(Status status) {}

        default void finished(Status status) {}
    }

    /**
     * Where the job stands.
     *
     * @param done        papers with a current vector of the model
     * @param total       papers in the catalog
     * @param running     whether it is embedding right now
     * @param rate        texts per second in the current or last run (0 before the first batch)
     * @param lastError   the last failure, or null
     * @param runEmbedded vectors stored by the current or last run
     * @param runTarget   how many papers the current or last run set out to embed (its limit or what was missing)
     * @param failed      texts skipped in the current or last run because the model failed on them
     */
    public record Status(String model, long done, long total, boolean running, double rate, String lastError,
                         long runEmbedded, long runTarget, long failed) {

        /** "semantic index: 4,300 / 10,000". */
        public String label() {
            return String.format("semantic index: %,d / %,d", done, total);
        }

        public long missing() {
            return Math.max(0, total - done);
        }
    }

    /** What one run did. */
    public record Result(long embedded, long failed, boolean stopped, double seconds, VectorStore.Progress progress) {
        public double rate() {
            return seconds > 0 ? embedded / seconds : 0;
        }
    }

    private final VectorStore store;
    private final EmbeddingModel model;
    private final int batchSize;
    private final Duration idlePoll;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Object signal = new Object();

    private volatile boolean stopRequested;
    private volatile boolean woken;
    private Thread thread;
    /** While the background job runs for a cluster: held by the one node that embeds; null otherwise. */
    private volatile ClusterLock turn;

    // guarded by this
    private long done;
    private long total;
    private boolean running;
    private double rate;
    private String lastError;
    private long runEmbedded;
    private long runTarget;
    private long failed;

    public EmbeddingJob(VectorStore store, EmbeddingModel model) {
        this(store, model, DEFAULT_BATCH_SIZE, DEFAULT_IDLE_POLL);
    }

    public EmbeddingJob(VectorStore store, EmbeddingModel model, int batchSize, Duration idlePoll) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.store = store;
        this.model = model;
        this.batchSize = batchSize;
        this.idlePoll = idlePoll;
    }

    public EmbeddingModel model() {
        return model;
    }

    /**
     * Embeds up to {@code limit} missing papers in the calling thread; returns when none is missing, the limit is
     * reached or {@link #stop()} is called (after the batch in flight is stored).
     *
     * @throws EmbeddingException when the model fails (vectors stored before the failure stay)
     */
    public Result run(long limit, Listener listener) {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("this embedding job is already running");
        }
        stopRequested = false;
        try {
            return runOnce(limit, listener == null ? new Listener() {} : listener);
        } finally {
            busy.set(false);
        }
    }

    private Result runOnce(long limit, Listener listener) {
        long start = System.nanoTime();
        VectorStore.Progress progress = store.progress(model.name());
        synchronized (this) {
            done = progress.embedded();
            total = progress.total();
            running = true;
            rate = 0;
            runEmbedded = 0;
            runTarget = Math.min(limit, progress.missing());
            failed = 0;
        }
        listener.started(status());
        long embedded = 0;
        long skipped = 0;
        long lastCount = start;
        PaperId cursor = null;
        try {
            while (!stopRequested && embedded < limit && myTurn()) {
                int want = (int) Math.min(batchSize, limit - embedded);
                List<VectorStore.PendingPaper> pending = store.missing(model.name(), cursor, want);
                if (pending.isEmpty()) {
                    break;
                }
                cursor = pending.getLast().id();
                List<VectorStore.Entry> entries = embed(pending);
                skipped += pending.size() - entries.size();
                int stored = store.store(entries, model.name()).stored();
                embedded += stored;
                long now = System.nanoTime();
                VectorStore.Progress recount = null;
                if (now - lastCount > RECOUNT_NANOS) {
                    recount = store.progress(model.name());
                    lastCount = now;
                }
                synchronized (this) {
                    if (recount != null) {
                        done = recount.embedded();
                        total = recount.total();
                    } else {
                        done = Math.min(total, done + stored);
                    }
                    runEmbedded = embedded;
                    runTarget = Math.max(runTarget, embedded);
                    failed = skipped;
                    rate = embedded / ((now - start) / 1e9);
                }
                listener.progressed(status());
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                running = false;
                lastError = describe(e);
            }
            listener.finished(status());
            throw e instanceof EmbeddingException ? e : new EmbeddingException(describe(e), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        VectorStore.Progress end = store.progress(model.name());
        synchronized (this) {
            done = end.embedded();
            total = end.total();
            running = false;
        }
        listener.finished(status());
        return new Result(embedded, skipped, stopRequested, seconds, end);
    }

    /** Embeds a batch; when the batch fails, text by text, leaving out those that fail alone. */
    private List<VectorStore.Entry> embed(List<VectorStore.PendingPaper> pending) {
        List<String> texts = pending.stream().map(VectorStore.PendingPaper::text).toList();
        List<float[]> vectors;
        try {
            vectors = model.embedDocuments(texts);
        } catch (RuntimeException batchFailure) {
            if (pending.size() == 1) {
                throw batchFailure;
            }
            return embedOneByOne(pending, batchFailure);
        }
        List<VectorStore.Entry> entries = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            VectorStore.PendingPaper paper = pending.get(i);
            entries.add(new VectorStore.Entry(paper.id(), vectors.get(i), paper.contentHash()));
        }
        return entries;
    }

    private List<VectorStore.Entry> embedOneByOne(List<VectorStore.PendingPaper> pending, RuntimeException batchFailure) {
        List<VectorStore.Entry> entries = new ArrayList<>();
        RuntimeException lastFailure = batchFailure;
        for (VectorStore.PendingPaper paper : pending) {
            if (stopRequested) {
                break;
            }
            try {
                entries.add(new VectorStore.Entry(paper.id(), model.embedDocument(paper.text()), paper.contentHash()));
            } catch (RuntimeException e) {
                lastFailure = e;
                String message = "paper " + paper.id() + ": " + describe(e);
                synchronized (this) {
                    lastError = message;
                }
                log.atWarn().addKeyValue("paper", paper.id()).log("cannot embed paper, skipped until the next run: {}",
                        describe(e));
            }
        }
        if (entries.isEmpty() && !stopRequested) {
            throw lastFailure;
        }
        return entries;
    }

    /** Starts embedding on a background daemon thread; it keeps going (and looking for new papers) until stopped. */
    public void start() {
        start(null);
    }

    /**
     * As {@link #start()}, embedding only while this node holds {@code turn} (when not null): the vectors of a
     * cluster are computed by one node at a time. Another node waits, asking for the lock every
     * {@link #TURN_RETRY} at most, and when it takes over resumes from the store (the papers still without a current
     * vector). The job releases the lock when it stops.
     */
    public synchronized void start(ClusterLock turn) {
        if (thread != null && thread.isAlive()) {
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("this embedding job is already running in the foreground");
        }
        stopRequested = false;
        this.turn = turn;
        thread = new Thread(this::loop, "embedding-job");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        int failures = 0;
        long countedAt = System.nanoTime();
        try {
            while (!stopRequested) {
                Duration pause = idlePoll;
                if (!myTurn()) {
                    if (System.nanoTime() - countedAt > idlePoll.toNanos()) {
                        countedAt = System.nanoTime();
                        followOtherNode();
                    }
                    pause(idlePoll.compareTo(TURN_RETRY) < 0 ? idlePoll : TURN_RETRY);
                    continue;
                }
                try {
                    Result result = runOnce(Long.MAX_VALUE, new Listener() {});
                    failures = 0;
                    if (result.embedded() > 0) {
                        log.atInfo().addKeyValue("embedded", result.embedded())
                                .addKeyValue("rate", String.format("%.1f/s", result.rate()))
                                .log("embedded papers; {}", status().label());
                    }
                } catch (RuntimeException e) {
                    if (stopRequested) {
                        break; // the model was closed under the batch in flight: stopping, not failing
                    }
                    failures++;
                    pause = backoff(failures);
                    log.atWarn().addKeyValue("retryInSeconds", pause.toSeconds())
                            .log("embedding failed, will retry: {}", describe(e));
                }
                pause(pause);
            }
        } finally {
            ClusterLock held = turn;
            if (held != null) {
                held.close();
                turn = null;
            }
            synchronized (this) {
                running = false;
            }
            busy.set(false);
        }
    }

    /** While another node embeds, the status follows its progress in the store. */
    private void followOtherNode() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.atDebug().log("cannot count the stored vectors: {}", describe(e));
        }
    }

    /** Whether this node embeds now: always, unless the job runs for a cluster and another node holds its lock. */
    private boolean myTurn() {
        ClusterLock lock = turn;
        return lock == null || lock.tryHold();
    }

    static Duration backoff(int failures) {
        long seconds = 5L << Math.min(failures - 1, 10);
        return seconds >= MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (signal) {
            while (!stopRequested && !woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
            woken = false;
        }
    }

    /** Tells the background thread to look for missing papers now (e.g. after an import) instead of at its next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * Asks the job to stop after the batch in flight; waits for the background thread up to {@code wait}, then
     * interrupts it (a batch cut short is simply not stored). A foreground {@link #run} returns by itself.
     *
     * @return true if no background thread is left running
     */
    public boolean stop(Duration wait) {
        requestStop();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || Thread.currentThread() == t) {
            return true;
        }
        try {
            t.join(Math.max(1, wait.toMillis()));
            if (t.isAlive()) {
                t.interrupt();
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** Asks the job to stop after the batch in flight, and returns at once. */
    public void requestStop() {
        stopRequested = true;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    public boolean stop() {
        return stop(Duration.ofSeconds(20));
    }

    public synchronized Status status() {
        return new Status(model.name(), done, total, running, rate, lastError, runEmbedded, runTarget, failed);
    }

    /** Reads the counts from the store, for a status before the job has run. */
    public Status refresh() {
        VectorStore.Progress progress = store.progress(model.name());
        synchronized (this) {
            if (!running) {
                done = progress.embedded();
                total = progress.total();
            }
        }
        return status();
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
