package org.paperboy.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paperboy.catalog.PaperId;
import org.paperboy.community.CommunityException;
import org.paperboy.embed.Vectors;
import org.paperboy.storage.Database;

/**
 * Members' alerts in the store (table {@code alerts}) and the vectors they are matched with ({@code alert_vectors}).
 * Every change raises {@code alert_state.alerts_version}, which tells each process's {@link AlertMatcher} to reload.
 */
public final class Alerts {

    public static final int MAX_PER_MEMBER = 100;
    public static final int MAX_NAME = 200;
    public static final int MAX_SEEDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "alert_id, user_id, name, query, seed_papers, categories, authors, must_have, "
            + "must_not, created_at";

    private final Database database;
    private final Clock clock;

    public Alerts(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Saves an alert: a query in the member's words, or seed papers ("more like these"), or both.
     *
     * @throws CommunityException when it has neither, or too much of something
     */
    public Alert create(long userId, String name, String query, List<PaperId> seeds, AlertFilters filters) {
        String text = query == null ? "" : query.strip();
        String label = validName(name == null || name.isBlank() ? text : name);
        if (text.isEmpty() && seeds.isEmpty()) {
            throw invalid("an alert needs a query or a paper to find more like");
        }
        if (text.length() > 1_000 || seeds.size() > MAX_SEEDS) {
            throw invalid("an alert takes a query of at most 1,000 characters and at most " + MAX_SEEDS + " papers");
        }
        Instant now = clock.instant();
        long id = database.inTransaction(c -> {
            database.lockRow(c, "users", "user_id", userId);
            if (count(c, userId) >= MAX_PER_MEMBER) {
                throw invalid("you have " + MAX_PER_MEMBER + " alerts already; delete one you no longer need");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO alerts (user_id, name, query, seed_papers, "
                    + "categories, authors, must_have, must_not, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "RETURNING alert_id")) {
                s.setLong(1, userId);
                s.setString(2, label);
                s.setString(3, text);
                s.setString(4, json(seeds.stream().map(PaperId::value).distinct().toList()));
                setFilters(s, 5, filters);
                s.setLong(9, now.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    bumpVersion(c);
                    return rs.getLong(1);
                }
            }
        });
        return new Alert(id, userId, label, text, seeds.stream().distinct().toList(), filters, now);
    }

    /** Renames an alert and replaces its filters; what it asks (query, seeds) stays. */
    public void update(long userId, long alertId, String name, AlertFilters filters) {
        String label = validName(name);
        change(userId, alertId, "UPDATE alerts SET name = ?, categories = ?, authors = ?, must_have = ?, must_not = ? "
                + "WHERE alert_id = ? AND user_id = ? AND deleted_at IS NULL", s -> {
            s.setString(1, label);
            setFilters(s, 2, filters);
            s.setLong(6, alertId);
            s.setLong(7, userId);
        });
    }

    /** Stops an alert; the matches it made stay (with their reason). */
    public void delete(long userId, long alertId) {
        change(userId, alertId, "UPDATE alerts SET deleted_at = ? WHERE alert_id = ? AND user_id = ? AND deleted_at IS NULL",
                s -> {
                    s.setLong(1, clock.millis());
                    s.setLong(2, alertId);
                    s.setLong(3, userId);
                });
    }

    /** The member's alerts, oldest first. */
    public List<Alert> list(long userId) {
        return select("WHERE user_id = ? AND deleted_at IS NULL ORDER BY alert_id", s -> s.setLong(1, userId));
    }

    public Optional<Alert> find(long userId, long alertId) {
        return select("WHERE alert_id = ? AND user_id = ? AND deleted_at IS NULL", s -> {
            s.setLong(1, alertId);
            s.setLong(2, userId);
        }).stream().findFirst();
    }

    /** Every live alert of every member, for the matcher. */
    public List<Alert> all() {
        return select("WHERE deleted_at IS NULL ORDER BY alert_id", s -> { });
    }

    /** Raised by every change to alerts: a matcher holding alerts of an older version reloads them. */
    public long version() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT alerts_version FROM alert_state");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The stored vectors of {@code model}: per alert, per seed paper id ("" for the query's vector). */
    Map<Long, Map<String, float[]>> vectors(String model) {
        return database.read(c -> {
            Map<Long, Map<String, float[]>> vectors = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT alert_id, seed_paper_id, vector FROM alert_vectors WHERE model = ?")) {
                s.setString(1, model);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        vectors.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                                .put(rs.getString(2), Vectors.fromBytes(rs.getBytes(3)));
                    }
                }
            }
            return vectors;
        });
    }

    /** Stores vectors computed for an alert under {@code model}, replacing those of any other model. */
    void storeVectors(long alertId, String model, Map<String, float[]> vectors) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM alert_vectors WHERE alert_id = ? AND model <> ?")) {
                s.setLong(1, alertId);
                s.setString(2, model);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_vectors (alert_id, seed_paper_id, model, "
                    + "vector) VALUES (?, ?, ?, ?) ON CONFLICT (alert_id, seed_paper_id) DO UPDATE SET "
                    + "model = excluded.model, vector = excluded.vector")) {
                for (Map.Entry<String, float[]> vector : vectors.entrySet()) {
                    s.setLong(1, alertId);
                    s.setString(2, vector.getKey());
                    s.setString(3, model);
                    s.setBytes(4, Vectors.toBytes(vector.getValue()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private void change(long userId, long alertId, String sql, Binder binder) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                binder.bind(s);
                if (s.executeUpdate() == 0) {
                    throw new CommunityException(CommunityException.Kind.NOT_FOUND, "you have no alert " + alertId);
                }
            }
            bumpVersion(c);
            return null;
        });
    }

    private List<Alert> select(String where, Binder binder) {
        return database.read(c -> {
            List<Alert> alerts = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts " + where)) {
                binder.bind(s);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        alerts.add(new Alert(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                list(rs.getString(5)).stream().map(PaperId::new).toList(),
                                new AlertFilters(list(rs.getString(6)), list(rs.getString(7)), list(rs.getString(8)),
                                        list(rs.getString(9))),
                                Instant.ofEpochMilli(rs.getLong(10))));
                    }
                }
            }
            return alerts;
        });
    }

    private static int count(Connection c, long userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM alerts WHERE user_id = ? AND deleted_at IS NULL")) {
            s.setLong(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void bumpVersion(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alert_state SET alerts_version = alerts_version + 1")) {
            s.executeUpdate();
        }
    }

    private static void setFilters(PreparedStatement s, int first, AlertFilters filters) throws SQLException {
        s.setString(first, json(filters.categories()));
        s.setString(first + 1, json(filters.authors()));
        s.setString(first + 2, json(filters.mustHave()));
        s.setString(first + 3, json(filters.mustNot()));
    }

    private static String validName(String name) {
        String label = name == null ? "" : name.strip().replaceAll("\\s+", " ");
        if (label.isEmpty() || label.length() > MAX_NAME) {
            throw invalid("give the alert a name of 1 to " + MAX_NAME + " characters");
        }
        return label;
    }

    private static CommunityException invalid(String message) {
        return new CommunityException(CommunityException.Kind.INVALID, message);
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    private static List<String> list(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alerts hold a malformed list: " + e.getOriginalMessage(), e);
        }
    }
}
