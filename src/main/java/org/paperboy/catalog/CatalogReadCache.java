package org.paperboy.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Remembers the catalog's reads (papers by id, a day's announced papers, adjacent days, counts) under the catalog's
 * change sequence: every paper written takes a new sequence number, so an entry read under number N is valid for as
 * long as the sequence stays at N. The pages ask for the same few dozen papers thousands of times a second; without
 * this each view re-ran the queries and re-parsed the rows.
 *
 * <p>Owner: the process's {@link Catalog}. Freshness: the sequence number is read again after any commit the store
 * knows of ({@link org.paperboy.storage.Database#changes}): one of this process (read your writes) or, on PostgreSQL,
 * one of another node heard of moments later (a paper imported, harvested or edited through it); and at least every
 * {@link #RECHECK_MILLIS} whatever happens, for commits nobody announces (another process on SQLite, {@code paperboy
 * import} beside the server). Nothing community-made (upvotes, comments, submissions) is cached here.
 */
final class CatalogReadCache {

    /** The longest a read relies on the last sequence number read, when this process has not written since. */
    static final long RECHECK_MILLIS = 500;
    /** Papers held at most (a day's list counts its papers): ~2-3 kB each, so a few tens of MB at worst. */
    static final long MAX_PAPERS = 20_000;

    private record Key(long seq, Object what) {}

    private record Checked(long seq, long atNanos, long changes) {}

    private final LongSupplier currentSeq;
    private final LongSupplier changes;
    private final Cache<Key, Object> entries = Caffeine.newBuilder()
            .maximumWeight(MAX_PAPERS)
            .weigher((Key key, Object value) -> value instanceof List<?> list ? Math.max(1, list.size()) : 1)
            .build();
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Checked checked = new Checked(-1, 0, -1);

    /**
     * @param currentSeq reads the catalog's last change sequence number from the store
     * @param changes    the store's count of commits known to this process ({@code Database::changes})
     */
    CatalogReadCache(LongSupplier currentSeq, LongSupplier changes) {
        this.currentSeq = currentSeq;
        this.changes = changes;
    }

    /** The value of {@code what} under the current sequence number, loaded (and remembered) if not known yet. */
    @SuppressWarnings("unchecked")
    <T> T get(Object what, Supplier<T> load) {
        return (T) entries.get(new Key(seq(), what), key -> load.get());
    }

    /** Like {@link #get}, but only a value that {@code keep} accepts is remembered (a paper found, not its absence). */
    @SuppressWarnings("unchecked")
    <T> T get(Object what, Supplier<T> load, Predicate<T> keep) {
        Key key = new Key(seq(), what);
        T known = (T) entries.getIfPresent(key);
        if (known != null) {
            return known;
        }
        T loaded = load.get();
        if (keep.test(loaded)) {
            entries.put(key, loaded);
        }
        return loaded;
    }

    /**
     * The sequence number to key reads with. Read from the store at most every {@link #RECHECK_MILLIS} (one thread
     * reads, the others wait for it), and at once after a commit. Data loaded after this returns is at least as
     * new as the number, so an entry is never older than its key says.
     */
    private long seq() {
        Checked last = checked;
        if (valid(last)) {
            return last.seq();
        }
        checking.lock();
        try {
            last = checked;
            if (valid(last)) {
                return last.seq();
            }
            // Taken before reading: a write committed meanwhile leaves this check already out of date.
            long changesNow = changes.getAsLong();
            long seq = currentSeq.getAsLong();
            checked = new Checked(seq, System.nanoTime(), changesNow);
            return seq;
        } finally {
            checking.unlock();
        }
    }

    private boolean valid(Checked last) {
        return last.changes() == changes.getAsLong()
                && System.nanoTime() - last.atNanos() < TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
    }
}
