package org.paperboy.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;

/**
 * What alerts found (table {@code alert_matches}), and how far through the catalog's change sequence they have
 * looked. {@code UNIQUE (user_id, paper_id)} makes a paper reach a member once, whichever alert, version or cross-list
 * brought it again, and whichever process matched it.
 */
public final class AlertMatches {

    private static final String SELECT = "SELECT m.paper_id, m.alert_id, a.name, m.score, m.why, m.matched_at "
            + "FROM alert_matches m JOIN alerts a ON a.alert_id = m.alert_id ";

    private final Database database;

    public AlertMatches(Database database) {
        this.database = database;
    }

    /** A paper to record for a member. */
    record NewMatch(long userId, PaperId paperId, long alertId, double score, String why) {}

    /** The change sequence through which papers have been matched. */
    long matchedThrough() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT matched_through FROM alert_state");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Records matches and moves the cursor, in one transaction: a crash repeats the page, and what it records again
     * is already there. Returns how many matches were new.
     */
    int record(List<NewMatch> matches, long through, Instant now) {
        return database.inTransaction(c -> {
            int added = 0;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_matches (user_id, paper_id, alert_id, "
                    + "score, why, matched_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, paper_id) DO NOTHING")) {
                for (NewMatch match : matches) {
                    s.setLong(1, match.userId());
                    s.setString(2, match.paperId().value());
                    s.setLong(3, match.alertId());
                    s.setDouble(4, match.score());
                    s.setString(5, match.why());
                    s.setLong(6, now.toEpochMilli());
                    added += s.executeUpdate();
                }
            }
            advance(c, through);
            return added;
        });
    }

    private static void advance(Connection c, long through) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE alert_state SET matched_through = ? WHERE matched_through < ?")) {
            s.setLong(1, through);
            s.setLong(2, through);
            s.executeUpdate();
        }
    }

    /** Moves the cursor without matching (nothing to match against: no alerts). */
    void skipTo(long through) {
        database.inTransaction(c -> {
            advance(c, through);
            return null;
        });
    }

    /** The member's latest matches, newest first; of one alert when {@code alertId} is given. */
    public List<AlertMatch> recent(long userId, Long alertId, int limit) {
        String where = "WHERE m.user_id = ?" + (alertId == null ? "" : " AND m.alert_id = ?")
                + " ORDER BY m.matched_at DESC, m.match_id DESC LIMIT ?";
        return query(where, s -> {
            int i = 1;
            s.setLong(i++, userId);
            if (alertId != null) {
                s.setLong(i++, alertId);
            }
            s.setInt(i, limit);
        });
    }

    /**
     * What the member's alerts found in [{@code since}, {@code until}), one section per alert (in the alerts' order),
     * each best match first: the alert sections of a digest.
     */
    public List<AlertSection> sectionsFor(long userId, Instant since, Instant until) {
        List<AlertMatch> matches = query("WHERE m.user_id = ? AND m.matched_at >= ? AND m.matched_at < ? "
                + "ORDER BY m.alert_id, m.score DESC, m.paper_id", s -> {
            s.setLong(1, userId);
            s.setLong(2, since.toEpochMilli());
            s.setLong(3, until.toEpochMilli());
        });
        Map<Long, List<AlertMatch>> byAlert = new LinkedHashMap<>();
        for (AlertMatch match : matches) {
            byAlert.computeIfAbsent(match.alertId(), k -> new ArrayList<>()).add(match);
        }
        List<AlertSection> sections = new ArrayList<>();
        byAlert.forEach((id, list) -> sections.add(new AlertSection(id, list.getFirst().alertName(), List.copyOf(list))));
        return sections;
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<AlertMatch> query(String where, Binder binder) {
        return database.read(c -> {
            List<AlertMatch> matches = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + where)) {
                binder.bind(s);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        matches.add(new AlertMatch(new PaperId(rs.getString(1)), rs.getLong(2), rs.getString(3),
                                rs.getDouble(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
                    }
                }
            }
            return matches;
        });
    }
}
