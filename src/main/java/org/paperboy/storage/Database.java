package org.paperboy.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The relational store: a connection pool over SQLite (embedded default) or PostgreSQL, migrated by Flyway on open.
 * The same migrations serve both; the few type names that differ are Flyway placeholders.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    public enum Dialect { SQLITE, POSTGRESQL }

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    /** SQLite compiles each statement it is given and its driver caches none; PostgreSQL's driver caches its own. */
    private final StatementCache statements;
    /** Transactions this process has committed: caches of what the store holds compare it to know they are current. */
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    /** Other nodes' commits on the same PostgreSQL; null on SQLite. */
    private final StoreChanges othersChanges;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.statements = dialect == Dialect.SQLITE ? new StatementCache() : null;
        this.othersChanges = dialect == Dialect.POSTGRESQL ? new StoreChanges(this) : null;
    }

    /** Opens {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST/DB} and brings its schema up to date. */
    public static Database open(String jdbcUrl, String user, String password) {
        Dialect dialect = dialectOf(jdbcUrl);
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(jdbcUrl.substring("jdbc:sqlite:".length()));
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("paperboy-" + dialect.name().toLowerCase());
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        if (dialect == Dialect.SQLITE) {
            config.setDataSourceProperties(sqliteProperties());
            // One writer at a time is all SQLite allows; a few readers run beside it thanks to WAL.
            config.setMaximumPoolSize(4);
        } else {
            // Sends a batch of single-row INSERTs as multi-row ones: fewer round trips in bulk imports.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.setMaximumPoolSize(10);
        }
        config.setConnectionTimeout(30_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot open database " + redact(jdbcUrl) + ": " + rootMessage(e)
                    + (dialect == Dialect.POSTGRESQL ? " (is the PostgreSQL server running, and are the URL, user and password right?)" : ""), e);
        }
        Database database = new Database(dataSource, dialect);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        log.atInfo().addKeyValue("dialect", dialect).addKeyValue("url", redact(jdbcUrl)).log("database open");
        return database;
    }

    private static void createParentDirectory(String sqliteFile) {
        Path parent = Path.of(sqliteFile).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new StorageException("cannot create directory " + parent + " for the database: " + e.getMessage(), e);
        }
    }

    private static java.util.Properties sqliteProperties() {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // In WAL mode NORMAL loses no committed transaction when the process dies; only an OS crash can roll back the last ones.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(30_000);
        // Take the write lock when a transaction begins, so two writers queue instead of deadlocking on lock upgrade.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.setCacheSize(-64_000);
        return sqlite.toProperties();
    }

    private void migrate() {
        try {
            migrations(dialect).dataSource(dataSource).load().migrate();
        } catch (RuntimeException e) {
            throw new StorageException("cannot migrate the database schema: " + rootMessage(e), e);
        }
    }

    /**
     * Flyway as Paperboy configures it for a store at this JDBC URL, data source not yet set: tests use it to build a
     * store as an older version left it ({@code .target("4")}).
     */
    public static FluentConfiguration migrations(String jdbcUrl) {
        return migrations(dialectOf(jdbcUrl));
    }

    private static FluentConfiguration migrations(Dialect dialect) {
        Map<String, String> placeholders = switch (dialect) {
            case SQLITE -> Map.of("identity", "INTEGER PRIMARY KEY AUTOINCREMENT", "blob", "BLOB",
                    "random_id", "lower(hex(randomblob(16)))");
            case POSTGRESQL -> Map.of("identity", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "blob", "BYTEA",
                    "random_id", "md5(random()::text || clock_timestamp()::text)");
        };
        return Flyway.configure().locations("classpath:db/migration").placeholders(placeholders);
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * A new connection outside the pool, for a session that must stay open as long as its holder wants it (an
     * advisory lock, a {@code LISTEN}): the pool would recycle it. The caller closes it.
     */
    public Connection dedicatedConnection() throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (dataSource.getUsername() != null) {
            properties.setProperty("user", dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            properties.setProperty("password", dataSource.getPassword());
        }
        if (dialect == Dialect.POSTGRESQL) {
            properties.setProperty("connectTimeout", "10");
            properties.setProperty("tcpKeepAlive", "true");
        }
        return java.sql.DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
    }

    /** The store's JDBC URL (it names the store: two {@code Database} objects with the same URL share their data). */
    public String url() {
        return dataSource.getJdbcUrl();
    }

    /**
     * How many transactions ({@link #inTransaction}) this process has committed; it grows just after each commit,
     * before {@code inTransaction} returns (and after a commit that failed, which may have happened). Something
     * computed from the store while this number stayed the same saw none of this process's writes after it began;
     * another process's writes do not count (see {@link #changes()}).
     */
    public long commits() {
        return commits.get();
    }

    /**
     * A number that grows after every transaction committed through this object ({@link #commits}) and, on
     * PostgreSQL, soon after every transaction another node (or command) commits on the same database (see
     * {@link StoreChanges}; it also grows while this node cannot hear the others). Caches of the store's data key on
     * it: something computed while it stayed the same missed no commit but those of the last moments on other nodes.
     * On SQLite only this process's commits count.
     */
    public long changes() {
        return othersChanges == null ? commits.get() : commits.get() + othersChanges.count();
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
    public <T> T inTransaction(SqlFunction<Connection, T> work) {
        try (Connection c = dataSource.getConnection()) {
            begin(c);
            try {
                T result = work.apply(c);
                if (othersChanges != null) {
                    othersChanges.announce(c);
                }
                try {
                    c.commit();
                } finally {
                    // A commit whose answer was lost may have happened: caches keyed on the count must look again.
                    commits.incrementAndGet();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    /**
     * A BEGIN that SQLite refuses (still busy after the busy timeout) leaves its driver in manual-commit mode with no
     * transaction open, and the pool unaware: whoever borrowed the connection next would have each statement committed
     * alone and its commit refused. Such a connection leaves the pool.
     */
    private void begin(Connection c) throws SQLException {
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            dataSource.evictConnection(c);
            throw e;
        }
    }

    /**
     * Runs a read with a pooled connection in auto-commit mode. On SQLite, statements prepared on it are kept for
     * the next read that prepares the same SQL (see {@link StatementCache}); close them as usual.
     */
    public <T> T read(SqlFunction<Connection, T> work) {
        try (Connection pooled = dataSource.getConnection();
             Connection c = statements == null ? pooled
                     : statements.wrap(pooled, pooled.unwrap(org.sqlite.SQLiteConnection.class))) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    /**
     * Locks one row until the caller's transaction ends, so that a check and the write it allows (a count under a
     * limit, then an insert) run as one against other transactions that lock the same row first. SQLite needs no
     * statement: a transaction there holds the database's write lock from its start.
     */
    public void lockRow(Connection c, String table, String keyColumn, long key) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (java.sql.PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM " + table + " WHERE " + keyColumn + " = ? FOR NO KEY UPDATE")) {
                s.setLong(1, key);
                s.executeQuery().close();
            }
        }
    }

    @Override
    public void close() {
        if (othersChanges != null) {
            othersChanges.close();
        }
        dataSource.close();
        log.info("database closed");
    }

    @FunctionalInterface
    public interface SqlFunction<A, R> {
        R apply(A argument) throws SQLException;
    }

    static Dialect dialectOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return Dialect.SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new StorageException("unsupported database URL '" + redact(jdbcUrl)
                + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE", null);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
