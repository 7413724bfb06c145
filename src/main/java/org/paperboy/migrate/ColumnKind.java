package org.paperboy.migrate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * How one column's values travel: read from SQLite (which stores by value, not by declared type), bound for
 * PostgreSQL (which checks the declared type), read back from PostgreSQL, and fed to a checksum in one form for
 * both sides. The kind is the PostgreSQL column's type, as the migrations made it.
 */
enum ColumnKind {
    INTEGER(Types.BIGINT),
    REAL(Types.DOUBLE),
    TEXT(Types.VARCHAR),
    BYTES(Types.BINARY),
    BOOLEAN(Types.BOOLEAN),
    /** db-scheduler's times: on SQLite, UTC epoch milliseconds as its customization binds them. */
    TIMESTAMP(Types.TIMESTAMP_WITH_TIMEZONE);

    private final int sqlType;

    ColumnKind(int sqlType) {
        this.sqlType = sqlType;
    }

    /** The kind for a PostgreSQL type name ({@code pg_type.typname}), or null for a type no migration uses. */
    static ColumnKind ofPostgresType(String typeName) {
        return switch (typeName.toLowerCase(Locale.ROOT)) {
            case "int2", "int4", "int8" -> INTEGER;
            case "float4", "float8", "numeric" -> REAL;
            case "text", "varchar", "bpchar" -> TEXT;
            case "bytea" -> BYTES;
            case "bool" -> BOOLEAN;
            case "timestamptz", "timestamp" -> TIMESTAMP;
            default -> null;
        };
    }

    /** The value at {@code column} of an SQLite row, as a Long, Double, String, byte[], Boolean or Instant (or null). */
    Object readSqlite(ResultSet rs, int column) throws SQLException {
        Object raw = rs.getObject(column);
        if (raw == null) {
            return null;
        }
        return switch (this) {
            case INTEGER -> {
                if (raw instanceof Double d && d != Math.rint(d)) {
                    throw new MigrationException("a fraction (" + d + ") in an integer column: the store holds a value "
                            + "Paperboy never writes; it would not survive the copy");
                }
                yield rs.getLong(column);
            }
            case REAL -> rs.getDouble(column);
            case TEXT -> rs.getString(column);
            case BYTES -> rs.getBytes(column);
            case BOOLEAN -> raw instanceof Number n ? n.longValue() != 0 : Boolean.parseBoolean(raw.toString()) || "1".equals(raw);
            case TIMESTAMP -> raw instanceof Number n ? Instant.ofEpochMilli(n.longValue())
                    : rs.getTimestamp(column, utc()).toInstant();
        };
    }

    void bind(PreparedStatement s, int parameter, Object value) throws SQLException {
        if (value == null) {
            s.setNull(parameter, sqlType);
            return;
        }
        switch (this) {
            case INTEGER -> s.setLong(parameter, (Long) value);
            case REAL -> s.setDouble(parameter, (Double) value);
            case TEXT -> s.setString(parameter, (String) value);
            case BYTES -> s.setBytes(parameter, (byte[]) value);
            case BOOLEAN -> s.setBoolean(parameter, (Boolean) value);
            case TIMESTAMP -> s.setObject(parameter, OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
        }
    }

    /** The value at {@code column} of a PostgreSQL row, in the same Java form {@link #readSqlite} gives. */
    Object readPostgres(ResultSet rs, int column) throws SQLException {
        Object value = switch (this) {
            case INTEGER -> rs.getLong(column);
            case REAL -> rs.getDouble(column);
            case TEXT -> rs.getString(column);
            case BYTES -> rs.getBytes(column);
            case BOOLEAN -> rs.getBoolean(column);
            case TIMESTAMP -> {
                OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
                yield time == null ? null : time.toInstant();
            }
        };
        return rs.wasNull() ? null : value;
    }

    /** Feeds a value to a row's digest, tagged with its kind and length so that no two rows feed the same bytes. */
    void digest(MessageDigest digest, Object value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        digest.update((byte) (ordinal() + 1));
        byte[] bytes = switch (this) {
            case INTEGER -> ByteBuffer.allocate(8).putLong((Long) value).array();
            case REAL -> ByteBuffer.allocate(8).putLong(Double.doubleToLongBits((Double) value)).array();
            case TEXT -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case BYTES -> (byte[]) value;
            case BOOLEAN -> new byte[] {(byte) ((Boolean) value ? 1 : 0)};
            case TIMESTAMP -> ByteBuffer.allocate(12).putLong(((Instant) value).getEpochSecond())
                    .putInt(((Instant) value).getNano()).array();
        };
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
