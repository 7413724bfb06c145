package org.paperboy.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paperboy.catalog.PaperReads.Stored;

/**
 * What arXiv announced on which listing day, and as what (table {@code announcements}): read from its announcement
 * feeds, or estimated from its schedule for papers whose listing was never read (a feed shows only the latest
 * announcement, so a day missed can never be read later). A new submission's listing day is the paper's announcement
 * day ({@code papers.announced_on}); this class keeps both in step through {@link Catalog#announce}.
 *
 * <p>Rules, all idempotent (recording the same thing twice changes nothing):
 * <ul>
 * <li>One row per (listing day, paper). Of two for the same day, arXiv's own beats an estimate, and otherwise the one
 *     first in a listing (new before cross-list before replacement) stays.</li>
 * <li>An official row replaces the estimates of the same version: a new submission's estimated row, a replacement's
 *     estimated row of that version, wherever they were.</li>
 * <li>An official new submission sets the paper's announcement day, whatever was there; when the paper is not in the
 *     catalog yet, the row waits and the catalog takes the day from it when the paper is stored.</li>
 * <li>An estimate is made only where nothing is known: a new submission's only for a paper that has no announcement
 *     day (its day is then set to the estimate), a replacement's only where no row names that version.</li>
 * </ul>
 */
public final class Announcements {

    /**
     * Inserts a row, or replaces the row of that day and paper when the new one is official and the stored one an
     * estimate, or when both are alike and the new one comes first in a listing.
     */
    private static final String UPSERT = "INSERT INTO announcements (listing_day, paper_id, version, announce_type, "
            + "type_rank, estimated, recorded_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (listing_day, paper_id) DO UPDATE SET "
            + "version = excluded.version, announce_type = excluded.announce_type, type_rank = excluded.type_rank, "
            + "estimated = excluded.estimated, recorded_at = excluded.recorded_at "
            + "WHERE announcements.estimated > excluded.estimated OR (announcements.estimated = excluded.estimated "
            + "AND announcements.type_rank > excluded.type_rank)";

    private final Catalog catalog;
    private final Clock clock;

    public Announcements(Catalog catalog) {
        this(catalog, Clock.systemUTC());
    }

    Announcements(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * What recording a listing did.
     *
     * @param changed rows written or removed: 0 when the same listing was recorded before
     * @param missing the papers of the listing that the catalog does not hold: new submissions first, then cross-lists,
     *                then replacements
     */
    public record Recorded(int changed, List<PaperId> missing) {}

    /** Records entries read from arXiv's announcement feeds (see the class comment for what that changes). */
    public Recorded recordListing(Collection<Announcement> entries) {
        Collection<Announcement> listing = firstPerDayAndPaper(entries);
        int[] changed = {0};
        Set<PaperId> held = new HashSet<>();
        catalog.announce(c -> {
            Map<PaperId, LocalDate> official = new HashMap<>();
            Set<PaperId> relisted = new HashSet<>();
            try (PreparedStatement upsert = c.prepareStatement(UPSERT);
                 PreparedStatement supersede = c.prepareStatement("DELETE FROM announcements WHERE paper_id = ? "
                         + "AND estimated = 1 AND announce_type = ? AND version BETWEEN ? AND ?")) {
                for (Announcement entry : listing) {
                    int rows = supersedeEstimates(supersede, entry) + write(upsert, entry, false);
                    if (rows > 0) {
                        relisted.add(entry.paper());
                        changed[0] += rows;
                    }
                    if (entry.type() == AnnounceType.NEW) {
                        official.put(entry.paper(), entry.day());
                    }
                }
            }
            held.addAll(PaperReads.stored(c, listing.stream().map(Announcement::paper).toList()).keySet());
            return new Catalog.Announced(official, Map.of(), relisted);
        });
        List<PaperId> missing = listing.stream().sorted(Comparator.comparingInt(a -> a.type().rank()))
                .map(Announcement::paper).filter(id -> !held.contains(id)).distinct().toList();
        return new Recorded(changed[0], missing);
    }

    /** Removes the estimates an official entry makes known: of a paper's first announcement, or of that replacement. */
    private static int supersedeEstimates(PreparedStatement supersede, Announcement entry) throws SQLException {
        if (entry.type() == AnnounceType.CROSS) {
            return 0;
        }
        boolean isNew = entry.type() == AnnounceType.NEW;
        supersede.setString(1, entry.paper().value());
        supersede.setString(2, isNew ? AnnounceType.NEW.code() : AnnounceType.REPLACE.code());
        supersede.setInt(3, isNew ? 1 : entry.version());
        supersede.setInt(4, isNew ? Integer.MAX_VALUE : entry.version());
        return supersede.executeUpdate();
    }

    /**
     * Records estimated announcements: new submissions and replacements (of papers in the catalog) whose listing was
     * not read. Returns the rows written.
     *
     * @throws IllegalArgumentException for an estimate of a cross-list, which no schedule can tell
     */
    public int recordEstimates(Collection<Announcement> estimates) {
        for (Announcement estimate : estimates) {
            if (estimate.type() != AnnounceType.NEW && estimate.type() != AnnounceType.REPLACE) {
                throw new IllegalArgumentException("only new submissions and replacements are estimated, not "
                        + estimate.type().code());
            }
        }
        int[] written = {0};
        catalog.announce(c -> {
            Set<PaperId> ids = new LinkedHashSet<>(estimates.stream().map(Announcement::paper).toList());
            Map<PaperId, Stored> stored = PaperReads.stored(c, ids);
            Set<Known> known = knownVersions(c, ids);
            Map<PaperId, LocalDate> estimated = new HashMap<>();
            Set<PaperId> relisted = new HashSet<>();
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (Announcement estimate : firstPerDayAndPaper(estimates)) {
                    boolean isNew = estimate.type() == AnnounceType.NEW;
                    Stored inCatalog = stored.get(estimate.paper());
                    if (inCatalog == null || (isNew && inCatalog.announced() != null)
                            || !known.add(Known.of(estimate))) {
                        continue;
                    }
                    if (isNew) {
                        estimated.put(estimate.paper(), estimate.day());
                    }
                    if (write(upsert, estimate, true) > 0) {
                        written[0]++;
                        relisted.add(estimate.paper());
                    }
                }
            }
            return new Catalog.Announced(Map.of(), estimated, relisted);
        });
        return written[0];
    }

    /** What the rows of these papers already tell, as {@link Known} facts. */
    private static Set<Known> knownVersions(Connection c, Collection<PaperId> ids) throws SQLException {
        Set<Known> known = new HashSet<>();
        IdQuery.forEachRow(c, "SELECT paper_id, version, announce_type FROM announcements WHERE paper_id IN (%s)", ids,
                rs -> {
                    PaperId paper = new PaperId(rs.getString(1));
                    int version = rs.getInt(2);
                    AnnounceType.fromCode(rs.getString(3)).ifPresent(type -> known.add(Known.of(paper, version, type)));
                });
        return known;
    }

    /** What a row tells that an estimate could: when a paper was first announced (whichever version), or a replacement. */
    private record Known(PaperId paper, AnnounceType kind, int version) {

        static Known of(Announcement a) {
            return of(a.paper(), a.version(), a.type());
        }

        static Known of(PaperId paper, int version, AnnounceType type) {
            return switch (type) {
                case NEW -> new Known(paper, AnnounceType.NEW, 0);
                case REPLACE, REPLACE_CROSS -> new Known(paper, AnnounceType.REPLACE, version);
                case CROSS -> new Known(paper, AnnounceType.CROSS, version);
            };
        }
    }

    private int write(PreparedStatement upsert, Announcement a, boolean estimated) throws SQLException {
        upsert.setString(1, a.day().toString());
        upsert.setString(2, a.paper().value());
        upsert.setInt(3, a.version());
        upsert.setString(4, a.type().code());
        upsert.setInt(5, a.type().rank());
        upsert.setInt(6, estimated ? 1 : 0);
        upsert.setLong(7, clock.millis());
        return upsert.executeUpdate();
    }

    /** Of several entries for one paper on one day (a paper listed in two of the categories read), the first listed. */
    private static Collection<Announcement> firstPerDayAndPaper(Collection<Announcement> entries) {
        Map<String, Announcement> first = new LinkedHashMap<>();
        for (Announcement entry : entries) {
            first.merge(entry.day() + " " + entry.paper().value(), entry,
                    (kept, next) -> next.type().rank() < kept.type().rank() ? next : kept);
        }
        return first.values();
    }
}
