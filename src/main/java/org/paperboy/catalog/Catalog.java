package org.paperboy.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.paperboy.storage.ChangeSequence;
import org.paperboy.storage.Database;

/**
 * The catalog of papers, the source of truth. Writes are batched: a batch is committed whole or not at all, so a crash
 * never leaves a paper half-written, and replaying the same input is harmless (a paper is only ever updated by an
 * equal or newer version with different content).
 */
public final class Catalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private static final String COLUMNS = "paper_id, version, title, abstract, authors, author_count, categories, "
            + "primary_category, comments, journal_ref, doi, license, submitted_at, updated_at, announced_on, "
            + "content_hash, change_seq, stored_at";

    private final Database database;
    /** What "now" is when a paper's dates are checked before it is written. */
    private final Clock clock;
    /** Reads by the pages, remembered under the change sequence (see {@link CatalogReadCache} for freshness). */
    private final CatalogReadCache cache;

    public Catalog(Database database) {
        this(database, Clock.systemUTC());
    }

    public Catalog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.cache = new CatalogReadCache(this::lastChangeSeq);
    }

    /** Keys of the remembered reads. */
    private record AnnouncedOn(LocalDate day) {}

    private record Adjacent(LocalDate day, boolean before) {}

    private record Recent(int limit, int offset) {}

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
        papers.forEach(this::requirePlausibleDates);
        return new Batch(newestPerId(papers).values().stream()
                .map(Catalog::row)
                .toList());
    }

    /**
     * Every write checks this, so no path stores a paper dated in the future; a bulk import checks each record
     * first, to skip and report it alone.
     *
     * @throws InvalidPaperException naming the implausible date
     */
    public void requirePlausibleDates(Paper paper) {
        paper.requirePlausibleDates(clock.instant());
    }

    /** Adds new papers and updates known ones when the incoming record is not older (by version) and differs. */
    public UpsertResult upsert(Collection<Paper> papers) {
        return upsert(prepare(papers));
    }

    public UpsertResult upsert(Batch batch) {
        if (batch.rows.isEmpty()) {
            return new UpsertResult(0, 0, 0, List.of());
        }
        try {
            return upsertRows(batch);
        } finally {
            cache.written();
        }
    }

    /**
     * Concurrent writers (an import beside the harvester) queue on the change sequence before reading what is stored,
     * so each classifies its batch against everything committed before it and the counts it reports are exact. The
     * upsert's own condition keeps a version from ever going back, whoever writes.
     */
    private UpsertResult upsertRows(Batch batch) {
        return database.inTransaction(c -> {
            ChangeSequence.lock(c);
            Map<PaperId, StoredState> stored = storedStates(c, batch.rows.stream().map(r -> r.paper().id()).toList());
            Map<PaperId, LocalDate> listed = Announcements.officialNewDays(c, batch.rows.stream()
                    .filter(r -> r.paper().announced() == null).map(r -> r.paper().id()).toList());
            List<Row> writes = new ArrayList<>();
            List<PaperId> older = new ArrayList<>();
            int added = 0;
            int unchanged = 0;
            for (Row incoming : batch.rows) {
                StoredState state = stored.get(incoming.paper().id());
                Row row = listedAnnouncement(state == null ? incoming : keepAnnouncement(incoming, state), listed);
                Paper paper = row.paper();
                if (state == null) {
                    added++;
                    writes.add(row);
                } else if (paper.version() < state.version()) {
                    older.add(paper.id());
                } else if (row.hash().equals(state.hash())) {
                    unchanged++;
                } else {
                    writes.add(row);
                }
            }
            write(c, writes, ChangeSequence.reserve(c, writes.size()), System.currentTimeMillis());
            return new UpsertResult(added, writes.size() - added, unchanged, older);
        });
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
        try {
            return database.inTransaction(c -> {
                ChangeSequence.lock(c);
                return applyAnnouncements(c, recording.apply(c));
            });
        } finally {
            cache.written();
        }
    }

    private int applyAnnouncements(Connection c, Announced announced) throws SQLException {
        Set<PaperId> named = new HashSet<>(announced.official().keySet());
        named.addAll(announced.estimated().keySet());
        named.addAll(announced.relisted());
        List<Row> rewrites = new ArrayList<>();
        List<PaperId> relisted = new ArrayList<>();
        IdQuery.forEachRow(c, "SELECT " + COLUMNS + " FROM papers WHERE paper_id IN (%s)", named, rs -> {
            Paper paper = paperFrom(rs);
            LocalDate day = announced.official().get(paper.id());
            if (day == null && paper.announced() == null) {
                day = announced.estimated().get(paper.id());
            }
            if (day != null && !day.equals(paper.announced())) {
                Paper announcedPaper = withAnnounced(paper, day);
                requirePlausibleDates(announcedPaper);
                rewrites.add(row(announcedPaper));
            } else if (announced.relisted().contains(paper.id())) {
                relisted.add(paper.id());
            }
        });
        write(c, rewrites, ChangeSequence.reserve(c, rewrites.size()), System.currentTimeMillis());
        long seq = ChangeSequence.reserve(c, relisted.size());
        try (PreparedStatement s = c.prepareStatement("UPDATE papers SET change_seq = ? WHERE paper_id = ?")) {
            for (PaperId id : relisted) {
                s.setLong(1, seq++);
                s.setString(2, id.value());
                s.addBatch();
            }
            s.executeBatch();
        }
        return rewrites.size() + relisted.size();
    }

    public Optional<Paper> find(PaperId id) {
        // Absence is not remembered: a paper the search index has just learnt of must resolve at once.
        return cache.get(id, () -> load(id), Optional::isPresent);
    }

    private Optional<Paper> load(PaperId id) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM papers WHERE paper_id = ?")) {
                s.setString(1, id.value());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(paperFrom(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The most recently announced papers, newest first. */
    public List<Paper> recent(int limit, int offset) {
        return cache.get(new Recent(limit, offset), () -> List.copyOf(loadRecent(limit, offset)));
    }

    private List<Paper> loadRecent(int limit, int offset) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM papers "
                    + "ORDER BY announced_on DESC NULLS LAST, paper_id DESC LIMIT ? OFFSET ?")) {
                s.setInt(1, limit);
                s.setInt(2, offset);
                return papers(s);
            }
        });
    }

    /**
     * What arXiv announced on {@code day}, in its listing's order: new submissions, cross-lists, replacements,
     * replacements of cross-lists, each by id. A paper announced that day with no listing recorded (an imported corpus)
     * is a new submission.
     */
    public List<ListedPaper> listing(LocalDate day) {
        return cache.get(new AnnouncedOn(day), () -> List.copyOf(loadListing(day)));
    }

    /** The papers of {@code day}'s {@link #listing}. */
    public List<Paper> announcedOn(LocalDate day) {
        return listing(day).stream().map(ListedPaper::paper).toList();
    }

    private static final String LISTING = "SELECT " + Arrays.stream(COLUMNS.split(", ")).map(c -> "p." + c)
            .collect(Collectors.joining(", ")) + ", d.announce_type, d.estimated FROM ("
            + "SELECT paper_id, announce_type, type_rank, estimated FROM announcements WHERE listing_day = ? "
            + "UNION ALL SELECT paper_id, 'new', 0, 0 FROM papers WHERE announced_on = ? AND NOT EXISTS "
            + "(SELECT 1 FROM announcements a WHERE a.listing_day = ? AND a.paper_id = papers.paper_id)"
            + ") d JOIN papers p ON p.paper_id = d.paper_id ORDER BY d.type_rank, p.paper_id";

    private List<ListedPaper> loadListing(LocalDate day) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(LISTING)) {
                for (int i = 1; i <= 3; i++) {
                    s.setString(i, day.toString());
                }
                List<ListedPaper> listing = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        AnnounceType type = AnnounceType.fromCode(rs.getString("announce_type")).orElseThrow(
                                () -> new IllegalStateException("unknown announcement type in the store"));
                        listing.add(new ListedPaper(paperFrom(rs), type, day, rs.getInt("estimated") != 0));
                    }
                }
                return listing;
            }
        });
    }

    /** The closest day before ({@code before}) or after {@code day} on which papers were announced. */
    public Optional<LocalDate> adjacentAnnouncementDay(LocalDate day, boolean before) {
        return cache.get(new Adjacent(day, before), () -> loadAdjacentAnnouncementDay(day, before));
    }

    private Optional<LocalDate> loadAdjacentAnnouncementDay(LocalDate day, boolean before) {
        String sql = before ? "SELECT MAX(announced_on) FROM papers WHERE announced_on < ?"
                : "SELECT MIN(announced_on) FROM papers WHERE announced_on > ?";
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, day.toString());
                try (ResultSet rs = s.executeQuery()) {
                    String found = rs.next() ? rs.getString(1) : null;
                    return Optional.ofNullable(found).map(LocalDate::parse);
                }
            }
        });
    }

    /** The most recent day with announced papers, if any. */
    public Optional<LocalDate> latestAnnouncementDay() {
        return adjacentAnnouncementDay(LocalDate.of(9999, 12, 31), true);
    }

    public long count() {
        return cache.<Long>get(Count.PAPERS, this::loadCount);
    }

    private long loadCount() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM papers");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Papers written after change {@code afterSeq}, in the order they were written: how derived indexes catch up. */
    public List<Change> changesSince(long afterSeq, int limit) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM papers WHERE change_seq > ? "
                    + "ORDER BY change_seq LIMIT ?")) {
                s.setLong(1, afterSeq);
                s.setInt(2, limit);
                List<Change> changes = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new Change(rs.getLong("change_seq"), paperFrom(rs)));
                    }
                }
                return changes;
            }
        });
    }

    /** The highest change sequence number written so far (0 for an empty catalog). */
    public long lastChangeSeq() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT value FROM counters WHERE name = 'paper_change'");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Visits every paper in id order, a page at a time, so memory stays flat however large the catalog. */
    public void forEach(Consumer<Paper> visitor) {
        String after = "";
        while (true) {
            String from = after;
            List<Paper> page = database.read(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM papers WHERE paper_id > ? "
                        + "ORDER BY paper_id LIMIT 1000")) {
                    s.setString(1, from);
                    return papers(s);
                }
            });
            if (page.isEmpty()) {
                return;
            }
            page.forEach(visitor);
            after = page.getLast().id().value();
        }
    }

    private record StoredState(int version, String hash, LocalDate announced) {}

    private static Row row(Paper p) {
        return new Row(p, contentHash(p), toJson(p.authors()), toJson(p.categories()));
    }

    /**
     * A record that does not know when arXiv announced the paper (OAI-PMH never says) keeps the day stored: the
     * announcement is a fact about the paper's history, which a metadata update does not undo.
     */
    private static Row keepAnnouncement(Row incoming, StoredState state) {
        Paper p = incoming.paper();
        if (p.announced() != null || state.announced() == null) {
            return incoming;
        }
        return row(withAnnounced(p, state.announced()));
    }

    /** A record without an announcement day takes the one arXiv's listing gave, if it was read before the paper came. */
    private static Row listedAnnouncement(Row row, Map<PaperId, LocalDate> listed) {
        LocalDate day = listed.get(row.paper().id());
        return row.paper().announced() != null || day == null ? row : row(withAnnounced(row.paper(), day));
    }

    private static Paper withAnnounced(Paper p, LocalDate day) {
        return new Paper(p.id(), p.version(), p.title(), p.abstractText(), p.authors(), p.categories(), p.comments(),
                p.journalRef(), p.doi(), p.license(), p.submittedAt(), p.updatedAt(), day);
    }

    private record Row(Paper paper, String hash, String authorsJson, String categoriesJson) {}

    private static Map<PaperId, Paper> newestPerId(Collection<Paper> batch) {
        Map<PaperId, Paper> newest = new LinkedHashMap<>();
        for (Paper paper : batch) {
            newest.merge(paper.id(), paper, (kept, next) -> next.version() >= kept.version() ? next : kept);
        }
        return newest;
    }

    private static Map<PaperId, StoredState> storedStates(Connection c, Collection<PaperId> ids) throws SQLException {
        Map<PaperId, StoredState> states = new HashMap<>();
        IdQuery.forEachRow(c, "SELECT paper_id, version, content_hash, announced_on FROM papers WHERE paper_id IN (%s)",
                ids, rs -> {
                    String announced = rs.getString(4);
                    states.put(new PaperId(rs.getString(1)), new StoredState(rs.getInt(2), rs.getString(3),
                            announced == null ? null : LocalDate.parse(announced)));
                });
        return states;
    }

    /** Inserts a paper, or updates it with a newer version or the same version's corrected metadata. */
    private static final String UPSERT = "INSERT INTO papers (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            + "ON CONFLICT (paper_id) DO UPDATE SET " + Arrays.stream(COLUMNS.split(", ")).skip(1)
                    .map(column -> column + " = excluded." + column).collect(Collectors.joining(", "))
            + " WHERE papers.version < excluded.version "
            + "OR (papers.version = excluded.version AND papers.content_hash <> excluded.content_hash)";

    /** Writes each paper with the next sequence number, starting at {@code seq}. */
    private static void write(Connection c, List<Row> rows, long seq, long now) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (Row row : rows) {
                Paper p = row.paper();
                int i = 1;
                s.setString(i++, p.id().value());
                s.setInt(i++, p.version());
                s.setString(i++, p.title());
                s.setString(i++, p.abstractText());
                s.setString(i++, row.authorsJson());
                s.setInt(i++, p.authors().size());
                s.setString(i++, row.categoriesJson());
                s.setString(i++, p.primaryCategory());
                s.setString(i++, p.comments());
                s.setString(i++, p.journalRef());
                s.setString(i++, p.doi());
                s.setString(i++, p.license());
                setInstant(s, i++, p.submittedAt());
                setInstant(s, i++, p.updatedAt());
                s.setString(i++, p.announced() == null ? null : p.announced().toString());
                s.setString(i++, row.hash());
                s.setLong(i++, seq++);
                s.setLong(i, now);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static List<Paper> papers(PreparedStatement s) throws SQLException {
        List<Paper> papers = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                papers.add(paperFrom(rs));
            }
        }
        return papers;
    }

    private static Paper paperFrom(ResultSet rs) throws SQLException {
        String announced = rs.getString("announced_on");
        return new Paper(
                new PaperId(rs.getString("paper_id")),
                rs.getInt("version"),
                rs.getString("title"),
                rs.getString("abstract"),
                fromJson(rs.getString("authors")),
                fromJson(rs.getString("categories")),
                rs.getString("comments"),
                rs.getString("journal_ref"),
                rs.getString("doi"),
                rs.getString("license"),
                getInstant(rs, "submitted_at"),
                getInstant(rs, "updated_at"),
                announced == null ? null : LocalDate.parse(announced));
    }

    /** A digest of everything a reader sees; equal digests mean an update would change nothing. */
    static String contentHash(Paper p) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder all = new StringBuilder(p.abstractText().length() + 512);
        for (Object field : new Object[] {p.version(), p.title(), p.abstractText(), p.authors(), p.categories(),
                p.comments(), p.journalRef(), p.doi(), p.license(), p.submittedAt(), p.updatedAt(), p.announced()}) {
            all.append(field).append('\u0000');
        }
        byte[] hash = digest.digest(all.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    private static String toJson(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fromJson(String json) {
        try {
            return JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON list in the catalog: " + e.getMessage(), e);
        }
    }

    private static void setInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
        if (instant == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, instant.toEpochMilli());
        }
    }

    private static Instant getInstant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
