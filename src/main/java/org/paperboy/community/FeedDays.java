package org.paperboy.community;

import java.time.LocalDate;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The days that have community picks, held in memory for the daily page's previous and next links: three lookups
 * a view, which were three queries. Owner: the process's {@link Feed}. Loaded again (one query) after any commit the
 * store knows of ({@link org.paperboy.storage.Database#changes}: a submission or a removal through this process, or,
 * on PostgreSQL, through another node, heard of moments later), and at least every {@link #RELOAD_MILLIS}, so that
 * commits nobody announces (another process on SQLite) show within a second.
 */
final class FeedDays {

    static final long RELOAD_MILLIS = 1_000;

    private record Loaded(NavigableSet<LocalDate> days, long atNanos, long changes) {}

    private final Supplier<NavigableSet<LocalDate>> load;
    private final LongSupplier changes;
    private volatile Loaded loaded;

    /**
     * @param load    reads the days with picks from the store
     * @param changes the store's count of commits known to this process ({@code Database::changes})
     */
    FeedDays(Supplier<NavigableSet<LocalDate>> load, LongSupplier changes) {
        this.load = load;
        this.changes = changes;
    }

    /** The closest day before ({@code before}) or after {@code day} with picks. */
    Optional<LocalDate> adjacent(LocalDate day, boolean before) {
        NavigableSet<LocalDate> days = days();
        return Optional.ofNullable(before ? days.lower(day) : days.higher(day));
    }

    private NavigableSet<LocalDate> days() {
        Loaded last = loaded;
        long now = System.nanoTime();
        long changesNow = changes.getAsLong();
        if (last != null && last.changes() == changesNow
                && now - last.atNanos() < TimeUnit.MILLISECONDS.toNanos(RELOAD_MILLIS)) {
            return last.days();
        }
        // The change count is read before loading: a change committed during the load triggers another one.
        Loaded fresh = new Loaded(Collections.unmodifiableNavigableSet(load.get()), now, changesNow);
        loaded = fresh;
        return fresh.days();
    }
}
