package org.paperboy.catalog;

import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.paperboy.catalog.PaperRows.Row;
import org.paperboy.storage.ChangeSequence;
import org.paperboy.storage.Database;

/**
 * The catalog of papers, the source of truth. Writes are batched: a batch is committed whole or not at all, so a crash
 * never leaves a paper half-written, and replaying the same input is harmless (a paper is only ever updated by an
 * equal or newer version with different content).
 *
 * <p>The facade of the package's parts: {@link PaperWrites} (the write path), {@link PaperReads} and
 * {@link AnnouncementQueries} (the reads), {@link PaperRows} (how a paper is stored). It owns the transactions and
 * the read cache, so that every write is seen by the next read.
 */
public final class Catalog {

    /** How many papers {@link #forEach} holds at once. */
    private static final int PAGE = 1000;

    private final Database database;
    private final PaperWrites writes;
    /** Reads by the pages, remembered under the change sequence (see {@link CatalogReadCache} for freshness). */
    private final CatalogReadCache cache;

    public Catalog(Database database) {
        this(database, Clock.systemUTC());
    }

    /** @param clock what "now" is when a paper's dates are checked before it is written */
    public Catalog(Database database, Clock clock) {
        this.database = database;
        this.writes = new PaperWrites(clock);
        this.cache = new CatalogReadCache(this::lastChangeSeq, database::changes);
    }

    /** Keys of the remembered reads. */
    private record AnnouncedOn(LocalDate day) {}

    private record Adjacent(LocalDate day, boolean before) {}

    private record Recent(int limit, int offset) {}

    private record Between(LocalDate from, LocalDate to, int limit, int offset) {}

    private record CountBetween(LocalDate from, LocalDate to) {}

    private enum Count { PAPERS }

    /** What a batch of upserts did, paper by paper. */
    public record UpsertResult(int added, int updated, int unchanged, List<PaperId> olderThanStored) {}

    /** A paper with the change sequence number under which it was last written. */
    public record Change(long seq, Paper paper) {}

    /**
     * Papers ready to be written: checked for plausible dates, de-duplicated (the last occurrence of the highest
     * version wins), hashed and serialized. Preparing is CPU work that needs no database, so a bulk import does it on
     * another thread.
     */
    public static final class Batch {
        private final List<Row> rows;

        private Batch(List<Row> rows) {
            this.rows = rows;
        }

        public int size() {
            return rows.size();
        }
    }

    /** @throws InvalidPaperException when a paper's dates cannot be true (see {@link #requirePlausibleDates}) */
    public Batch prepare(Collection<Paper> papers) {
        return new Batch(writes.prepare(papers));
    }

    /**
     * Every write checks this, so no path stores a paper dated in the future; a bulk import checks each record
     * first, to skip and report it alone.
     *
     * @throws InvalidPaperException naming the implausible date
     */
    public void requirePlausibleDates(Paper paper) {
        writes.requirePlausibleDates(paper);
    }

    /** Adds new papers and updates known ones when the incoming record is not older (by version) and differs. */
    public UpsertResult upsert(Collection<Paper> papers) {
        return upsert(prepare(papers));
    }

    public UpsertResult upsert(Batch batch) {
        if (batch.rows.isEmpty()) {
            return new UpsertResult(0, 0, 0, List.of());
        }
        return underChangeLock(c -> writes.upsert(c, batch.rows));
    }

    /**
     * What recorded announcements do to the papers they name.
     *
     * @param official  days arXiv's listings announced papers as new: they replace whatever day is stored
     * @param estimated estimated days of papers' first announcement: taken only by papers that have no day
     * @param relisted  papers whose listing changed otherwise (a cross-list, a replacement), so that the day lists
     *                  showing them are read again
     */
    record Announced(Map<PaperId, LocalDate> official, Map<PaperId, LocalDate> estimated, Set<PaperId> relisted) {}

    /**
     * Runs {@code recording}, which writes announcement rows (see {@link Announcements}), and applies what it returns
     * to the papers, in one transaction under the change sequence's lock (so an upsert of a paper named never runs
     * between the two). A paper whose day changes is rewritten; a paper only relisted keeps its content; both take new
     * change sequence numbers, so that the search index and every process's read cache follow. Returns the papers
     * that took new numbers.
     *
     * @throws InvalidPaperException when a day would be implausible for its paper (in the future): nothing is written
     */
    int announce(Database.SqlFunction<Connection, Announced> recording) {
        return underChangeLock(c -> writes.applyAnnouncements(c, recording.apply(c)));
    }

    /**
     * Runs a write in one transaction that first takes the change sequence's lock: concurrent writers (an import
     * beside the harvester) queue there before reading what is stored, so each decides against everything committed
     * before it. The read cache learns of it from {@link Database#changes()}, which also counts a commit whose answer
     * was lost (it may have been committed).
     */
    private <T> T underChangeLock(Database.SqlFunction<Connection, T> write) {
        return database.inTransaction(c -> {
            ChangeSequence.lock(c);
            return write.apply(c);
        });
    }

    public Optional<Paper> find(PaperId id) {
        // Absence is not remembered: a paper the search index has just learnt of must resolve at once.
        return cache.get(id, () -> database.read(c -> PaperReads.find(c, id)), Optional::isPresent);
    }

    /** The most recently announced papers, newest first. */
    public List<Paper> recent(int limit, int offset) {
        return cache.get(new Recent(limit, offset), () -> List.copyOf(
                database.read(c -> PaperReads.recent(c, limit, offset))));
    }

    /**
     * What arXiv announced on {@code day}, in its listing's order: new submissions, cross-lists, replacements,
     * replacements of cross-lists, each by id. A paper announced that day with no listing recorded (an imported corpus)
     * is a new submission.
     */
    public List<ListedPaper> listing(LocalDate day) {
        return cache.get(new AnnouncedOn(day), () -> List.copyOf(
                database.read(c -> AnnouncementQueries.listing(c, day))));
    }

    /** The papers of {@code day}'s {@link #listing}. */
    public List<Paper> announcedOn(LocalDate day) {
        return listing(day).stream().map(ListedPaper::paper).toList();
    }

    /**
     * The papers first announced between two days (inclusive), newest day first: what a week or a month brought, for
     * the pages that show it when the community has picked nothing then.
     */
    public List<Paper> announcedBetween(LocalDate from, LocalDate to, int limit, int offset) {
        return cache.get(new Between(from, to, limit, offset), () -> List.copyOf(
                database.read(c -> PaperReads.announcedBetween(c, from, to, limit, offset))));
    }

    /** How many papers {@link #announcedBetween} has in all. */
    public long countAnnouncedBetween(LocalDate from, LocalDate to) {
        return cache.<Long>get(new CountBetween(from, to), () -> database.read(c -> PaperReads.countAnnouncedBetween(c, from, to)));
    }

    /** The closest day before ({@code before}) or after {@code day} on which papers were announced. */
    public Optional<LocalDate> adjacentAnnouncementDay(LocalDate day, boolean before) {
        return cache.get(new Adjacent(day, before),
                () -> database.read(c -> AnnouncementQueries.adjacentDay(c, day, before)));
    }

    /** The most recent day with announced papers, if any. */
    public Optional<LocalDate> latestAnnouncementDay() {
        return adjacentAnnouncementDay(LocalDate.of(9999, 12, 31), true);
    }

    public long count() {
        return cache.<Long>get(Count.PAPERS, () -> database.read(PaperReads::count));
    }

    /** Papers written after change {@code afterSeq}, in the order they were written: how derived indexes catch up. */
    public List<Change> changesSince(long afterSeq, int limit) {
        return database.read(c -> PaperReads.changesSince(c, afterSeq, limit));
    }

    /** The highest change sequence number written so far (0 for an empty catalog). */
    public long lastChangeSeq() {
        return database.read(PaperReads::lastChangeSeq);
    }

    /** Visits every paper in id order, a page at a time, so memory stays flat however large the catalog. */
    public void forEach(Consumer<Paper> visitor) {
        String after = "";
        while (true) {
            String from = after;
            List<Paper> page = database.read(c -> PaperReads.page(c, from, PAGE));
            if (page.isEmpty()) {
                return;
            }
            page.forEach(visitor);
            after = page.getLast().id().value();
        }
    }
}
