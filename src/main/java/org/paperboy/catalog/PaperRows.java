package org.paperboy.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a paper maps to a row of table {@code papers} and back: the columns in the order every statement uses, the
 * author and category lists as JSON, and the content hash that tells whether an update would change anything.
 */
final class PaperRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    /** The columns {@link #paper} reads and {@link #bind} writes, in this order. */
    static final List<String> COLUMN_NAMES = List.of("paper_id", "version", "title", "abstract", "authors",
            "author_count", "categories", "primary_category", "comments", "journal_ref", "doi", "license",
            "submitted_at", "updated_at", "announced_on", "content_hash", "change_seq", "stored_at");
    static final String COLUMNS = String.join(", ", COLUMN_NAMES);

    private PaperRows() {}

    /**
     * A paper ready to be written. The hash and the JSON are computed when the row is made, so a bulk import does
     * that work on its parsing thread rather than inside the write transaction.
     */
    record Row(Paper paper, String hash, String authorsJson, String categoriesJson) {

        static Row of(Paper p) {
            return new Row(p, contentHash(p), toJson(p.authors()), toJson(p.categories()));
        }
    }

    /** Maps the current row of a result to a value. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** {@link #COLUMNS}, each qualified by {@code table}, for a query that joins papers to another table. */
    static String columnsOf(String table) {
        return COLUMN_NAMES.stream().map(column -> table + "." + column).collect(Collectors.joining(", "));
    }

    /** Runs the query and maps every row it returns. */
    static <T> List<T> readAll(PreparedStatement query, RowMapper<T> mapper) throws SQLException {
        List<T> values = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                values.add(mapper.map(rs));
            }
        }
        return values;
    }

    /** The paper of a row that holds (at least) {@link #COLUMNS}. */
    static Paper paper(ResultSet rs) throws SQLException {
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
                day(rs.getString("announced_on")));
    }

    /** Binds the row to the parameters of a statement that lists {@link #COLUMNS} in order, starting at the first. */
    static void bind(PreparedStatement s, Row row, long changeSeq, long storedAt) throws SQLException {
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
        s.setLong(i++, changeSeq);
        s.setLong(i, storedAt);
    }

    /** A day as the store spells it (ISO), or null where none is stored. */
    static LocalDate day(String stored) {
        return stored == null ? null : LocalDate.parse(stored);
    }

    /** A digest of everything a reader sees; equal digests mean an update would change nothing. */
    private static String contentHash(Paper p) {
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
