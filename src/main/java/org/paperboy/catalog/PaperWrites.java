package org.paperboy.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.paperboy.catalog.PaperReads.Stored;
import org.paperboy.catalog.PaperRows.Row;
import org.paperboy.storage.ChangeSequence;

/**
 * Everything that writes table {@code papers}: the guarded upsert of incoming papers, and what recorded announcements
 * do to the papers they name. Each runs inside the caller's transaction, which holds the change sequence's lock (see
 * {@link Catalog}); every paper written takes the next sequence number, so that the search index and every process's
 * read cache follow.
 */
final class PaperWrites {

    /** Inserts a paper, or updates it with a newer version or the same version's corrected metadata. */
    private static final String UPSERT = "INSERT INTO papers (" + PaperRows.COLUMNS + ") VALUES ("
            + PaperRows.COLUMN_NAMES.stream().map(column -> "?").collect(Collectors.joining(",")) + ") "
            + "ON CONFLICT (paper_id) DO UPDATE SET " + PaperRows.COLUMN_NAMES.stream().skip(1)
                    .map(column -> column + " = excluded." + column).collect(Collectors.joining(", "))
            + " WHERE papers.version < excluded.version "
            + "OR (papers.version = excluded.version AND papers.content_hash <> excluded.content_hash)";

    /** What "now" is when a paper's dates are checked before it is written. */
    private final Clock clock;

    PaperWrites(Clock clock) {
        this.clock = clock;
    }

    /** @throws InvalidPaperException naming the implausible date */
    void requirePlausibleDates(Paper paper) {
        paper.requirePlausibleDates(clock.instant());
    }

    /**
     * The papers checked for plausible dates, de-duplicated (the last occurrence of the highest version wins) and made
     * into rows. Needs no database.
     */
    List<Row> prepare(Collection<Paper> papers) {
        papers.forEach(this::requirePlausibleDates);
        Map<PaperId, Paper> newest = new LinkedHashMap<>();
        for (Paper paper : papers) {
            newest.merge(paper.id(), paper, (kept, next) -> next.version() >= kept.version() ? next : kept);
        }
        return newest.values().stream().map(Row::of).toList();
    }

    /**
     * Writes the rows that are new, of a newer version, or of the same version with other content. The caller took
     * the change sequence's lock before this reads what is stored, so the classification (and the counts reported)
     * are exact against every batch committed before; the upsert's own condition keeps a version from ever going
     * back, whoever writes.
     */
    Catalog.UpsertResult upsert(Connection c, List<Row> rows) throws SQLException {
        List<PaperId> ids = rows.stream().map(r -> r.paper().id()).toList();
        Map<PaperId, Stored> stored = PaperReads.stored(c, ids);
        Map<PaperId, LocalDate> listed = AnnouncementQueries.officialNewDays(c, rows.stream()
                .filter(r -> r.paper().announced() == null).map(r -> r.paper().id()).toList());
        List<Row> writes = new ArrayList<>();
        List<PaperId> older = new ArrayList<>();
        int added = 0;
        int unchanged = 0;
        for (Row incoming : rows) {
            Stored state = stored.get(incoming.paper().id());
            Row row = listedAnnouncement(state == null ? incoming : keepAnnouncement(incoming, state), listed);
            if (state == null) {
                added++;
                writes.add(row);
            } else if (row.paper().version() < state.version()) {
                older.add(row.paper().id());
            } else if (row.hash().equals(state.hash())) {
                unchanged++;
            } else {
                writes.add(row);
            }
        }
        write(c, writes);
        return new Catalog.UpsertResult(added, writes.size() - added, unchanged, older);
    }

    /**
     * Applies recorded announcements to the papers they name (see {@link Catalog.Announced}): a paper whose day changes
     * is rewritten; a paper only relisted keeps its content but takes a new sequence number. Returns the papers that
     * took new numbers.
     *
     * @throws InvalidPaperException when a day would be implausible for its paper (in the future)
     */
    int applyAnnouncements(Connection c, Catalog.Announced announced) throws SQLException {
        Set<PaperId> named = new HashSet<>(announced.official().keySet());
        named.addAll(announced.estimated().keySet());
        named.addAll(announced.relisted());
        List<Row> rewrites = new ArrayList<>();
        List<PaperId> relisted = new ArrayList<>();
        IdQuery.forEachRow(c, "SELECT " + PaperRows.COLUMNS + " FROM papers WHERE paper_id IN (%s)", named, rs -> {
            Paper paper = PaperRows.paper(rs);
            LocalDate day = announced.official().get(paper.id());
            if (day == null && paper.announced() == null) {
                day = announced.estimated().get(paper.id());
            }
            if (day != null && !day.equals(paper.announced())) {
                Paper announcedPaper = paper.withAnnounced(day);
                requirePlausibleDates(announcedPaper);
                rewrites.add(Row.of(announcedPaper));
            } else if (announced.relisted().contains(paper.id())) {
                relisted.add(paper.id());
            }
        });
        write(c, rewrites);
        ChangeSequence.renumberPapers(c, relisted.stream().map(PaperId::value).toList());
        return rewrites.size() + relisted.size();
    }

    /**
     * A record that does not know when arXiv announced the paper (OAI-PMH never says) keeps the day stored: the
     * announcement is a fact about the paper's history, which a metadata update does not undo.
     */
    private static Row keepAnnouncement(Row incoming, Stored state) {
        Paper p = incoming.paper();
        if (p.announced() != null || state.announced() == null) {
            return incoming;
        }
        return Row.of(p.withAnnounced(state.announced()));
    }

    /** A record without an announcement day takes the one arXiv's listing gave, if it was read before the paper came. */
    private static Row listedAnnouncement(Row row, Map<PaperId, LocalDate> listed) {
        LocalDate day = listed.get(row.paper().id());
        return row.paper().announced() != null || day == null ? row : Row.of(row.paper().withAnnounced(day));
    }

    /** Writes each row with the next sequence number. */
    private static void write(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        long seq = ChangeSequence.reserve(c, rows.size());
        long now = System.currentTimeMillis();
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (Row row : rows) {
                PaperRows.bind(s, row, seq++, now);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
