package org.paperboy.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalog's queries of table {@code papers}, each on the caller's connection ({@link Catalog} tells their use). */
final class PaperReads {

    private static final String SELECT = "SELECT " + PaperRows.COLUMNS + " FROM papers ";

    /** What is stored of a paper that decides whether, and how, an incoming record is written. */
    record Stored(int version, String hash, LocalDate announced) {}

    private PaperReads() {}

    static Optional<Paper> find(Connection c, PaperId id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE paper_id = ?")) {
            s.setString(1, id.value());
            return PaperRows.readAll(s, PaperRows::paper).stream().findFirst();
        }
    }

    static List<Paper> recent(Connection c, int limit, int offset) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT
                + "ORDER BY announced_on DESC NULLS LAST, paper_id DESC LIMIT ? OFFSET ?")) {
            s.setInt(1, limit);
            s.setInt(2, offset);
            return PaperRows.readAll(s, PaperRows::paper);
        }
    }

    /** Papers first announced between two days (inclusive), newest day first, then by id. */
    static List<Paper> announcedBetween(Connection c, LocalDate from, LocalDate to, int limit, int offset)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE announced_on BETWEEN ? AND ? "
                + "ORDER BY announced_on DESC, paper_id LIMIT ? OFFSET ?")) {
            s.setString(1, from.toString());
            s.setString(2, to.toString());
            s.setInt(3, limit);
            s.setInt(4, offset);
            return PaperRows.readAll(s, PaperRows::paper);
        }
    }

    static long countAnnouncedBetween(Connection c, LocalDate from, LocalDate to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM papers WHERE announced_on BETWEEN ? AND ?")) {
            s.setString(1, from.toString());
            s.setString(2, to.toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Up to {@code limit} papers after id {@code after}, in id order. */
    static List<Paper> page(Connection c, String after, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE paper_id > ? ORDER BY paper_id LIMIT ?")) {
            s.setString(1, after);
            s.setInt(2, limit);
            return PaperRows.readAll(s, PaperRows::paper);
        }
    }

    static List<Catalog.Change> changesSince(Connection c, long afterSeq, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE change_seq > ? ORDER BY change_seq LIMIT ?")) {
            s.setLong(1, afterSeq);
            s.setInt(2, limit);
            return PaperRows.readAll(s, rs -> new Catalog.Change(rs.getLong("change_seq"), PaperRows.paper(rs)));
        }
    }

    /** The papers of {@code ids} that the catalog holds, as far as writing them needs to know. */
    static Map<PaperId, Stored> stored(Connection c, Collection<PaperId> ids) throws SQLException {
        Map<PaperId, Stored> states = new HashMap<>();
        IdQuery.forEachRow(c, "SELECT paper_id, version, content_hash, announced_on FROM papers WHERE paper_id IN (%s)",
                ids, rs -> states.put(new PaperId(rs.getString(1)),
                        new Stored(rs.getInt(2), rs.getString(3), PaperRows.day(rs.getString(4)))));
        return states;
    }

    static long count(Connection c) throws SQLException {
        return number(c, "SELECT COUNT(*) FROM papers");
    }

    static long lastChangeSeq(Connection c) throws SQLException {
        return number(c, "SELECT value FROM counters WHERE name = 'paper_change'");
    }

    /** The one number that {@code sql} returns. */
    private static long number(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
