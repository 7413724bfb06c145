package org.paperboy.migrate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The first look at the PostgreSQL target, with a plain connection before Paperboy's pool and Flyway touch it: is
 * it reachable, does it take the password, and is it empty or a Paperboy store (never another application's
 * database, whose tables Flyway would refuse to share and {@code --replace} must not delete).
 */
final class TargetConnection {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private TargetConnection() {}

    static void check(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new MigrationException("--to must name a PostgreSQL database: jdbc:postgresql://HOST[:PORT]/DATABASE");
        }
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", "60");
        try (Connection c = DriverManager.getConnection(url, properties)) {
            List<String> tables = tables(c);
            if (!tables.isEmpty() && !tables.contains(SqliteSnapshot.SCHEMA_HISTORY)) {
                throw new MigrationException("the target database holds tables that are not Paperboy's ("
                        + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                        + (tables.size() > 5 ? ", ..." : "") + "); migrate into an empty database (createdb) of its own");
            }
        } catch (SQLException e) {
            throw explain(url, user, e);
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** A connection failure as what to do about it; the password never appears. */
    static MigrationException explain(String url, String user, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = String.valueOf(e.getMessage());
        String where = redact(url);
        String who = user == null ? "the default user" : "user " + user;
        if (message.contains("no password was provided")) {
            return new PasswordRequiredException("PostgreSQL at " + where + " asks " + who + " for a password: pass --password "
                    + "to be asked for it, or set PGPASSWORD");
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new MigrationException("PostgreSQL at " + where + " refused " + who + " (" + message
                    + "): check --user and the password (--password, or PGPASSWORD)", e);
        }
        if (state.equals("3D000")) {
            return new MigrationException("the database in " + where + " does not exist: create it first "
                    + "(e.g. createdb), empty, owned by " + who, e);
        }
        if (state.startsWith("08")) {
            return new MigrationException("cannot reach PostgreSQL at " + where + " (" + message
                    + "): is the server running, and are the host and port right?", e);
        }
        return new MigrationException("cannot use the target " + where + ": " + message, e);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
