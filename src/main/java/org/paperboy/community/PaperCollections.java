package org.paperboy.community;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/**
 * Members' reading lists: named collections of papers, private unless made public. Whoever may not see a collection
 * is told it does not exist (a private collection's link must not confirm that it exists), and every change is its
 * owner's alone. A member's limits ({@link #maxCollections}, {@link #maxPapers}) are checked under a lock on the
 * member's row, so two saves at once cannot both pass them.
 */
public final class PaperCollections {

    /** The collection a paper goes to when the member names none; made on their first save. */
    public static final String DEFAULT_NAME = "Reading list";
    public static final int MAX_NAME_LENGTH = 100;
    /** Defaults of the limits: generous for a reader, small enough that a collection's page and exports stay cheap. */
    public static final int DEFAULT_MAX_COLLECTIONS = 100;
    public static final int DEFAULT_MAX_PAPERS = 1_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SELECT = "SELECT k.collection_id, k.user_id, u.username, u.display_name, k.name, "
            + "k.is_public, k.created_at, (SELECT COUNT(*) FROM collection_papers cp WHERE cp.collection_id = "
            + "k.collection_id) FROM collections k JOIN users u ON u.user_id = k.user_id ";

    private final Database database;
    private final int maxCollections;
    private final int maxPapers;

    public PaperCollections(Database database) {
        this(database, DEFAULT_MAX_COLLECTIONS, DEFAULT_MAX_PAPERS);
    }

    public PaperCollections(Database database, int maxCollections, int maxPapers) {
        this.database = database;
        this.maxCollections = maxCollections;
        this.maxPapers = maxPapers;
    }

    /** A member's collections, by name. */
    public List<PaperCollection> ofMember(long userId) {
        return list("WHERE k.user_id = ? ORDER BY k.name", userId);
    }

    /** A member's public collections, by name: what their profile lists. */
    public List<PaperCollection> publicOf(long userId) {
        return list("WHERE k.user_id = ? AND k.is_public = 1 ORDER BY k.name", userId);
    }

    /** The collection, if this viewer (null: anonymous) may see it; otherwise it is not found. */
    public PaperCollection visible(String id, User viewer) {
        return find(id).filter(k -> k.visibleTo(viewer)).orElseThrow(() -> notFound(id));
    }

    /** The collection, if this member owns it; otherwise it is not found (its owner alone may change it). */
    public PaperCollection owned(String id, User owner) {
        return find(id).filter(k -> k.ownedBy(owner)).orElseThrow(() -> notFound(id));
    }

    /** A new, empty collection. */
    public PaperCollection create(User owner, String name, boolean isPublic) {
        String checked = checkName(name);
        String id = database.inTransaction(c -> insert(c, owner, checked, isPublic));
        return owned(id, owner);
    }

    /**
     * Saves a paper to the member's collection of that name ({@link #DEFAULT_NAME} when blank), making the collection
     * if they have none of that name. Saving a paper twice keeps it once.
     */
    public PaperCollection saveByName(User owner, String name, PaperId paper) {
        String checked = name == null || name.isBlank() ? DEFAULT_NAME : checkName(name);
        String id = database.inTransaction(c -> {
            database.lockRow(c, "users", "user_id", owner.id());
            String found = idByName(c, owner.id(), checked).orElse(null);
            String target = found != null ? found : insert(c, owner, checked, false);
            add(c, target, paper);
            return target;
        });
        return owned(id, owner);
    }

    /** Saves a paper to one of the member's collections. Saving a paper twice keeps it once. */
    public PaperCollection save(User owner, String collectionId, PaperId paper) {
        owned(collectionId, owner);
        database.inTransaction(c -> {
            database.lockRow(c, "users", "user_id", owner.id());
            add(c, collectionId, paper);
            return null;
        });
        return owned(collectionId, owner);
    }

    public void remove(User owner, String collectionId, PaperId paper) {
        owned(collectionId, owner);
        update("DELETE FROM collection_papers WHERE collection_id = ? AND paper_id = ?", collectionId, paper.value());
    }

    public void rename(User owner, String collectionId, String name) {
        owned(collectionId, owner);
        String checked = checkName(name);
        try {
            update("UPDATE collections SET name = ? WHERE collection_id = ?", checked, collectionId);
        } catch (RuntimeException e) {
            throw Sql.isUniqueViolation(e) ? nameTaken(checked) : e;
        }
    }

    public void setPublic(User owner, String collectionId, boolean isPublic) {
        owned(collectionId, owner);
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE collections SET is_public = ? WHERE collection_id = ?")) {
                s.setInt(1, isPublic ? 1 : 0);
                s.setString(2, collectionId);
                return s.executeUpdate();
            }
        });
    }

    /** Deletes the collection and its list of papers (the papers stay in the catalog). */
    public void delete(User owner, String collectionId) {
        owned(collectionId, owner);
        database.inTransaction(c -> {
            for (String sql : List.of("DELETE FROM collection_papers WHERE collection_id = ?",
                    "DELETE FROM collections WHERE collection_id = ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, collectionId);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The papers of a collection, the latest saved first. Callers check that the viewer may see it. */
    public List<PaperId> papers(String collectionId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT paper_id FROM collection_papers "
                    + "WHERE collection_id = ? ORDER BY entry_id DESC")) {
                s.setString(1, collectionId);
                List<PaperId> ids = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(new PaperId(rs.getString(1)));
                    }
                }
                return ids;
            }
        });
    }

    private Optional<PaperCollection> find(String id) {
        if (id == null || id.length() > 64) {
            return Optional.empty();
        }
        List<PaperCollection> found = list("WHERE k.collection_id = ?", id);
        return found.stream().findFirst();
    }

    private String insert(Connection c, User owner, String name, boolean isPublic) throws SQLException {
        database.lockRow(c, "users", "user_id", owner.id());
        int count = count(c, "SELECT COUNT(*) FROM collections WHERE user_id = ?", owner.id());
        if (count >= maxCollections) {
            throw CommunityException.invalid("you have " + count + " collections, the most a member can have; "
                    + "delete one to make another");
        }
        if (idByName(c, owner.id(), name).isPresent()) {
            throw nameTaken(name);
        }
        String id = HexFormat.of().formatHex(randomBytes());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO collections (collection_id, user_id, name, is_public, "
                + "created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setLong(2, owner.id());
            s.setString(3, name);
            s.setInt(4, isPublic ? 1 : 0);
            s.setLong(5, Instant.now().toEpochMilli());
            s.executeUpdate();
        }
        return id;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void add(Connection c, String collectionId, PaperId paper) throws SQLException {
        int count = countPapers(c, collectionId);
        if (count >= maxPapers && !contains(c, collectionId, paper)) {
            throw CommunityException.invalid("this collection holds " + count + " papers, the most one can hold; "
                    + "remove some, or save to another collection");
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO collection_papers (collection_id, paper_id, added_at) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, collectionId);
            s.setString(2, paper.value());
            s.setLong(3, Instant.now().toEpochMilli());
            s.executeUpdate();
        }
    }

    private static boolean contains(Connection c, String collectionId, PaperId paper) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM collection_papers WHERE collection_id = ? AND paper_id = ?")) {
            s.setString(1, collectionId);
            s.setString(2, paper.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int countPapers(Connection c, String collectionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM collection_papers WHERE collection_id = ?")) {
            s.setString(1, collectionId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int count(Connection c, String sql, long userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Optional<String> idByName(Connection c, long userId, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT collection_id FROM collections WHERE user_id = ? AND name = ?")) {
            s.setLong(1, userId);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private List<PaperCollection> list(String where, Object key) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + where)) {
                s.setObject(1, key);
                List<PaperCollection> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(new PaperCollection(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getInt(6) != 0, rs.getInt(8), Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
                return found;
            }
        });
    }

    private void update(String sql, String first, String second) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, first);
                s.setString(2, second);
                return s.executeUpdate();
            }
        });
    }

    /** A name as stored: trimmed, one line, 1 to {@link #MAX_NAME_LENGTH} characters. */
    static String checkName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw CommunityException.invalid("a collection's name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw CommunityException.invalid("a collection's name is one line of text");
        }
        return trimmed;
    }

    private static CommunityException nameTaken(String name) {
        return CommunityException.conflict("you already have a collection named \"" + name + "\"");
    }

    private static CommunityException notFound(String id) {
        return CommunityException.notFound("no collection " + id);
    }
}
