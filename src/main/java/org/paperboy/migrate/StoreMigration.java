package org.paperboy.migrate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.paperboy.storage.Database;
import org.paperboy.storage.SiteKeys;
import org.paperboy.storage.StorageException;

/**
 * Copies a site from its SQLite store to PostgreSQL: every table the migrations create, read from one snapshot of
 * the store, written into the target in one transaction, verified there before it commits.
 * <p>
 * Safe to re-run: the target's tables are emptied and filled in that one transaction, so a run that fails or is
 * killed leaves the target's rows as they were (PostgreSQL rolls back a transaction whose connection dies), and a
 * run after a finished one replaces the earlier copy with the store as it is now: no duplicates, whatever came
 * before. A target holding another site's rows is refused unless {@code replace} is set: the store gets a random
 * site key {@value PostgresTarget#STORE_ID_KEY} (table {@code site_keys}, copied with the rest), and a target whose
 * rows carry the same one is this store's earlier copy. Such a copy is replaced only if no row in it was written since
 * (by a site already running on PostgreSQL: the copy notes its transaction, see {@link PostgresTarget#noteCopy}), for a
 * re-run must not silently undo a site's new writes. The schema itself is made by Flyway (as any Paperboy start
 * would) before the copy begins; an empty database is left with Paperboy's empty schema if the copy fails.
 */
public final class StoreMigration {

    /** Rows per INSERT batch: few round trips, a bounded amount of memory. */
    static final int BATCH_ROWS = 500;

    /** Told how the copy goes. */
    public interface Listener {
        default void snapshotTaken(long rows) {}

        default void copying(String table) {}

        default void copied(long rows) {}

        default void verifying() {}
    }

    /** Where to copy to; the password is never printed. */
    public record Target(String url, String user, String password) {}

    private final Path store;
    private final Target target;
    private final boolean replace;

    public StoreMigration(Path store, Target target, boolean replace) {
        this.store = store;
        this.target = target;
        this.replace = replace;
    }

    public MigrationReport run(Listener listener) {
        SqliteSnapshot.probe(store);
        TargetConnection.check(target.url(), target.user(), target.password());
        String storeId = prepareSource();
        Map<String, Long> freshRows = FreshStore.rowsPerTable();
        try (Database postgres = openTarget();
             SqliteSnapshot snapshot = SqliteSnapshot.open(store);
             Connection c = postgres.connection()) {
            requireSameMigrations(snapshot, c);
            c.setAutoCommit(false);
            try {
                PostgresTarget pg = new PostgresTarget(c);
                List<Table> tables = tables(snapshot, pg);
                boolean replaced = TargetOccupancy.requireMayReplace(pg, tables, freshRows, storeId, replace,
                        TargetConnection.redact(target.url()));
                MigrationReport report = copy(snapshot, pg, tables, listener, replaced);
                if (!report.mismatches().isEmpty()) {
                    c.rollback();
                    throw new VerificationFailed(report);
                }
                c.commit();
                return report;
            } catch (SQLException | RuntimeException e) {
                rollBack(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Rolls back, if the connection still can: one that died took the transaction with it. */
    private static void rollBack(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The copy did not match the store; nothing was committed. The report says where. */
    public static final class VerificationFailed extends MigrationException {
        private final MigrationReport report;

        VerificationFailed(MigrationReport report) {
            super("the copy differs from the store in " + String.join(", ", report.mismatches().stream()
                    .map(MigrationReport.TableResult::table).toList()) + "; nothing was committed, the target is as it was");
            this.report = report;
        }

        public MigrationReport report() {
            return report;
        }
    }

    /** Brings the store's schema up to date (as any Paperboy command does) and gives it its store id. */
    private String prepareSource() {
        try (Database sqlite = Database.open("jdbc:sqlite:" + store.toAbsolutePath(), null, null)) {
            return new SiteKeys(sqlite).secret(PostgresTarget.STORE_ID_KEY);
        } catch (StorageException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw SqliteSnapshot.unreadable(store, sql);
            }
            String message = String.valueOf(e.getMessage());
            if (message.contains("SQLITE_BUSY") || message.contains("locked")) {
                throw new MigrationException("the SQLite store " + store + " is locked by another process; wait for it "
                        + "to finish and run migrate again", e);
            }
            throw e;
        }
    }

    private Database openTarget() {
        try {
            return Database.open(target.url(), target.user(), target.password());
        } catch (StorageException e) {
            throw new MigrationException("cannot prepare the target " + TargetConnection.redact(target.url()) + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireSameMigrations(SqliteSnapshot snapshot, Connection c) throws SQLException {
        Set<String> source = snapshot.appliedMigrations();
        Set<String> target = SqliteSnapshot.appliedMigrations(c);
        if (!source.equals(target)) {
            throw new MigrationException("the store's schema is at version " + last(source) + " and the target's at "
                    + last(target) + ": both must be at this Paperboy's version (was one of them made by a newer Paperboy?)");
        }
    }

    private static String last(Set<String> versions) {
        return versions.stream().reduce((first, second) -> second).orElse("none");
    }

    /** The tables to copy, in foreign-key order, typed by the target's columns; the schemas must match exactly. */
    private static List<Table> tables(SqliteSnapshot snapshot, PostgresTarget pg) throws SQLException {
        Map<String, Map<String, ColumnKind>> targetColumns = pg.columns();
        Map<String, String> identities = pg.identityColumns();
        List<String> names = snapshot.tablesInForeignKeyOrder();
        if (!targetColumns.keySet().equals(Set.copyOf(names))) {
            throw new MigrationException("the store's tables " + names + " are not the target's " + targetColumns.keySet());
        }
        List<Table> tables = new ArrayList<>();
        for (String name : names) {
            Map<String, Integer> sourceColumns = snapshot.columns(name);
            Map<String, ColumnKind> kinds = targetColumns.get(name);
            if (!kinds.keySet().equals(sourceColumns.keySet())) {
                throw new MigrationException("table " + name + " has columns " + sourceColumns.keySet()
                        + " in the store and " + kinds.keySet() + " in the target");
            }
            List<Table.Column> columns = new ArrayList<>();
            for (Map.Entry<String, ColumnKind> column : kinds.entrySet()) {
                if (column.getValue() == null) {
                    throw new MigrationException("column " + name + "." + column.getKey() + " has a type migrate cannot copy");
                }
                columns.add(new Table.Column(column.getKey(), column.getValue()));
            }
            List<String> primaryKey = sourceColumns.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
            tables.add(new Table(name, columns, primaryKey, Optional.ofNullable(identities.get(name))));
        }
        return tables;
    }

    private MigrationReport copy(SqliteSnapshot snapshot, PostgresTarget pg, List<Table> tables, Listener listener,
            boolean replaced) throws SQLException {
        Map<String, Long> sourceRows = new LinkedHashMap<>();
        for (Table table : tables) {
            sourceRows.put(table.name(), snapshot.count(table.name()));
        }
        listener.snapshotTaken(sourceRows.values().stream().mapToLong(Long::longValue).sum());
        pg.empty(tables);
        String epoch = UUID.randomUUID().toString().replace("-", "");
        Map<String, RowChecksum> written = new LinkedHashMap<>();
        for (Table table : tables) {
            listener.copying(table.name());
            written.put(table.name(), copyTable(snapshot, pg, table, RowAdjustments.forTable(table, epoch), listener));
            if (table.identity().isPresent()) {
                pg.advanceIdentity(table, table.identity().get(), snapshot.highestIdHandedOut(table.name()));
            }
        }
        pg.noteCopy();
        listener.verifying();
        List<MigrationReport.TableResult> results = new ArrayList<>();
        for (Table table : tables) {
            RowChecksum stored = new RowChecksum(table);
            pg.readRows(table, stored::add);
            RowChecksum expected = written.get(table.name());
            results.add(new MigrationReport.TableResult(table.name(), sourceRows.get(table.name()), pg.count(table.name()),
                    expected.rows() == sourceRows.get(table.name()) && stored.sameAs(expected)));
        }
        return new MigrationReport(results, epoch, replaced);
    }

    private static RowChecksum copyTable(SqliteSnapshot snapshot, PostgresTarget pg, Table table,
            UnaryOperator<Object[]> adjust, Listener listener) throws SQLException {
        RowChecksum checksum = new RowChecksum(table);
        try (PreparedStatement insert = pg.insert(table)) {
            int[] pending = {0};
            snapshot.readRows(table, row -> {
                Object[] adjusted = adjust.apply(row);
                for (int i = 0; i < adjusted.length; i++) {
                    table.columns().get(i).kind().bind(insert, i + 1, adjusted[i]);
                }
                insert.addBatch();
                checksum.add(adjusted);
                if (++pending[0] == BATCH_ROWS) {
                    execute(insert, table);
                    listener.copied(pending[0]);
                    pending[0] = 0;
                }
            });
            if (pending[0] > 0) {
                execute(insert, table);
                listener.copied(pending[0]);
            }
        }
        return checksum;
    }

    private static void execute(PreparedStatement insert, Table table) throws SQLException {
        try {
            insert.executeBatch();
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new MigrationException("cannot copy table " + table.name() + ": " + cause.getMessage()
                    + "; nothing was committed, the target is as it was", cause);
        }
    }

    private MigrationException failed(SQLException e) {
        if ("55P03".equals(e.getSQLState())) {
            return new MigrationException("the target's tables are locked by another connection (a Paperboy server "
                    + "running on it?): stop it and run migrate again; nothing was changed", e);
        }
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            return new MigrationException("lost the connection to " + TargetConnection.redact(target.url()) + " ("
                    + e.getMessage() + "); nothing was committed: run migrate again", e);
        }
        if (e.getMessage() != null && e.getMessage().startsWith("[SQLITE")) {
            return SqliteSnapshot.unreadable(store, e);
        }
        return new MigrationException("the copy failed (" + e.getMessage() + "); nothing was committed, the target "
                + "is as it was: run migrate again", e);
    }
}
