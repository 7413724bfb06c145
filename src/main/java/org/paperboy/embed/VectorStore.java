package org.paperboy.embed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.ChangeSequence;
import org.paperboy.storage.Database;

/**
 * Paper vectors in the relational store (table {@code paper_vectors}, one vector per paper, little-endian float32).
 *
 * <p>Storing vectors is one transaction that also gives each paper a fresh {@code papers.change_seq}, so the search
 * index, which follows the change sequence, re-indexes those papers with their vectors, and a crash leaves either all
 * of a batch or none of it. Each vector remembers the paper's {@code content_hash} it was computed from; a paper
 * updated since (a new version, a corrected abstract) counts as {@link #missing missing} its vector again and is
 * re-embedded, while its old vector is still served until then.
 */
public final class VectorStore {

    /** Stays well under SQLite's and PostgreSQL's limits on bound parameters per statement. */
    private static final int IDS_PER_LOOKUP = 500;

    private final Database database;

    public VectorStore(Database database) {
        this.database = database;
    }

    /** A paper that has no current vector for a model: what to embed. */
    public record PendingPaper(PaperId id, String title, String abstractText, String contentHash) {
        /** The text to embed ({@link PaperText}). */
        public String text() {
            return PaperText.of(title, abstractText);
        }
    }

    /**
     * A vector to store or as stored. {@code sourceHash}: the paper's {@code content_hash} the vector was computed
     * from; null when storing means "the paper as it is now".
     */
    public record Entry(PaperId id, float[] vector, String sourceHash) {}

    /** What a store did: vectors written, and vectors dropped because their paper is not in the catalog. */
    public record StoreResult(int stored, List<PaperId> unknownPapers) {}

    /** Vectors of a model that match their papers' current text, and papers in the catalog. */
    public record Progress(long embedded, long total) {
        public long missing() {
            return Math.max(0, total - embedded);
        }

        /** e.g. "4,300 / 10,000". */
        public String label() {
            return String.format("%,d / %,d", embedded, total);
        }
    }

    /**
     * Stores vectors of {@code model} for papers as they are now, replacing any vector they had; in one transaction
     * that also bumps each paper's change sequence. Vectors for papers not in the catalog are skipped.
     *
     * @return how many vectors were stored
     */
    public int storeAll(Map<PaperId, float[]> vectors, String model) {
        List<Entry> entries = new ArrayList<>(vectors.size());
        vectors.forEach((id, vector) -> entries.add(new Entry(id, vector, null)));
        return store(entries, model).stored();
    }

    /** Like {@link #storeAll}, with the content hash each vector was computed from. */
    public StoreResult store(List<Entry> entries, String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model name is empty");
        }
        if (entries.isEmpty()) {
            return new StoreResult(0, List.of());
        }
        int dimension = entries.getFirst().vector().length;
        Map<PaperId, Entry> byId = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (entry.vector().length != dimension || dimension == 0) {
                throw new IllegalArgumentException("vectors of one model must have one dimension; got " + dimension
                        + " and " + entry.vector().length + " (paper " + entry.id() + ")");
            }
            for (float v : entry.vector()) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("vector of paper " + entry.id() + " has a non-finite value");
                }
            }
            byId.put(entry.id(), entry);
        }
        return database.inTransaction(c -> {
            OptionalInt stored = dimension(c, model);
            if (stored.isPresent() && stored.getAsInt() != dimension) {
                throw new IllegalArgumentException("model '" + model + "' has vectors of " + stored.getAsInt()
                        + " dimensions in the store; refusing vectors of " + dimension);
            }
            Map<PaperId, String> hashes = contentHashes(c, byId.keySet());
            List<Entry> known = new ArrayList<>();
            List<PaperId> unknown = new ArrayList<>();
            for (Entry entry : byId.values()) {
                if (hashes.containsKey(entry.id())) {
                    known.add(entry);
                } else {
                    unknown.add(entry.id());
                }
            }
            if (known.isEmpty()) {
                return new StoreResult(0, unknown);
            }
            known.sort(Comparator.comparing(Entry::id));
            long now = System.currentTimeMillis();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO paper_vectors "
                    + "(paper_id, model, dimension, vector, source_hash, stored_at) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (paper_id) DO UPDATE SET model = excluded.model, dimension = excluded.dimension, "
                    + "vector = excluded.vector, source_hash = excluded.source_hash, stored_at = excluded.stored_at")) {
                for (Entry entry : known) {
                    s.setString(1, entry.id().value());
                    s.setString(2, model);
                    s.setInt(3, dimension);
                    s.setBytes(4, Vectors.toBytes(entry.vector()));
                    s.setString(5, entry.sourceHash() != null ? entry.sourceHash() : hashes.get(entry.id()));
                    s.setLong(6, now);
                    s.addBatch();
                }
                s.executeBatch();
            }
            ChangeSequence.renumberPapers(c, known.stream().map(e -> e.id().value()).toList());
            return new StoreResult(known.size(), unknown);
        });
    }

    /** The vectors of {@code model} stored for these papers (stale ones included); papers without one are absent. */
    public Map<PaperId, float[]> find(Collection<PaperId> ids, String model) {
        Map<PaperId, float[]> found = new HashMap<>();
        findEntries(ids, model).forEach((id, entry) -> found.put(id, entry.vector()));
        return found;
    }

    /** The stored vectors of {@code model} for these papers, with the content hash each was computed from. */
    public Map<PaperId, Entry> findEntries(Collection<PaperId> ids, String model) {
        Map<PaperId, Entry> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<PaperId> all = List.copyOf(ids);
        database.read(c -> {
            for (int from = 0; from < all.size(); from += IDS_PER_LOOKUP) {
                List<PaperId> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_LOOKUP));
                try (PreparedStatement s = c.prepareStatement("SELECT paper_id, vector, source_hash FROM paper_vectors "
                        + "WHERE model = ? AND paper_id IN (" + marks(chunk.size()) + ")")) {
                    s.setString(1, model);
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 2, chunk.get(i).value());
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            PaperId id = new PaperId(rs.getString(1));
                            found.put(id, new Entry(id, Vectors.fromBytes(rs.getBytes(2)), rs.getString(3)));
                        }
                    }
                }
            }
            return null;
        });
        return found;
    }

    /** Vectors stored for {@code model}, current or stale. */
    public long count(String model) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM paper_vectors WHERE model = ?")) {
                s.setString(1, model);
                return single(s);
            }
        });
    }

    /** How far embedding with {@code model} has come: current vectors out of all papers. */
    public Progress progress(String model) {
        return database.read(c -> {
            long embedded;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM paper_vectors v "
                    + "JOIN papers p ON p.paper_id = v.paper_id WHERE v.model = ? AND v.source_hash = p.content_hash")) {
                s.setString(1, model);
                embedded = single(s);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM papers")) {
                return new Progress(embedded, single(s));
            }
        });
    }

    /**
     * Papers after {@code after} (null: from the start) in paper-id order that have no current vector of
     * {@code model}: none at all, one of another model, or one computed from text that has changed since.
     * Pages are keyed by paper id, so a caller resumes from the last id it saw.
     */
    public List<PendingPaper> missing(String model, PaperId after, int limit) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT p.paper_id, p.title, p.abstract, p.content_hash "
                    + "FROM papers p LEFT JOIN paper_vectors v ON v.paper_id = p.paper_id AND v.model = ? "
                    + "AND v.source_hash = p.content_hash "
                    + "WHERE p.paper_id > ? AND v.paper_id IS NULL ORDER BY p.paper_id LIMIT ?")) {
                s.setString(1, model);
                s.setString(2, after == null ? "" : after.value());
                s.setInt(3, limit);
                List<PendingPaper> papers = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        papers.add(new PendingPaper(new PaperId(rs.getString(1)), rs.getString(2), rs.getString(3),
                                rs.getString(4)));
                    }
                }
                return papers;
            }
        });
    }

    /** Stored vectors of {@code model} after {@code after} (null: from the start), in paper-id order. */
    public List<Entry> page(String model, PaperId after, int limit) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT paper_id, vector, source_hash FROM paper_vectors "
                    + "WHERE model = ? AND paper_id > ? ORDER BY paper_id LIMIT ?")) {
                s.setString(1, model);
                s.setString(2, after == null ? "" : after.value());
                s.setInt(3, limit);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(new PaperId(rs.getString(1)), Vectors.fromBytes(rs.getBytes(2)),
                                rs.getString(3)));
                    }
                }
                return entries;
            }
        });
    }

    /** The dimension of the vectors stored for {@code model}, if there are any. */
    public OptionalInt dimension(String model) {
        return database.read(c -> dimension(c, model));
    }

    /**
     * Deletes the vectors of every model but {@code model} (after switching models), bumping those papers' change
     * sequence so the search index drops their vectors too.
     *
     * @return how many vectors were deleted
     */
    public int deleteOtherModels(String model) {
        return database.inTransaction(c -> {
            List<PaperId> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT paper_id FROM paper_vectors WHERE model <> ? ORDER BY paper_id")) {
                s.setString(1, model);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(new PaperId(rs.getString(1)));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM paper_vectors WHERE model <> ?")) {
                s.setString(1, model);
                s.executeUpdate();
            }
            ChangeSequence.renumberPapers(c, ids.stream().map(PaperId::value).toList());
            return ids.size();
        });
    }

    private static OptionalInt dimension(Connection c, String model) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT dimension FROM paper_vectors WHERE model = ? LIMIT 1")) {
            s.setString(1, model);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    private static Map<PaperId, String> contentHashes(Connection c, Collection<PaperId> ids) throws SQLException {
        Map<PaperId, String> hashes = new HashMap<>();
        List<PaperId> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IDS_PER_LOOKUP) {
            List<PaperId> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_LOOKUP));
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT paper_id, content_hash FROM papers WHERE paper_id IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i).value());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        hashes.put(new PaperId(rs.getString(1)), rs.getString(2));
                    }
                }
            }
        }
        return hashes;
    }

    private static long single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
