package org.paperboy.migrate;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the target may be filled: it is empty (no more rows than a new store's bookkeeping), or it holds this
 * store's earlier copy that no site has written to since, or {@code --replace} says to throw what it holds away.
 */
final class TargetOccupancy {

    private static final Set<String> NOT_SITE_DATA = Set.of(RowAdjustments.SCHEDULED_TASKS, "rate_buckets");

    private TargetOccupancy() {}

    /**
     * Whether the target holds a site already, and may be replaced: yes for this store's earlier copy, or with
     * {@code replace}. Neither db-scheduler's table nor the rate limits' buckets count: a server started on the empty
     * target writes its jobs there, and a visitor's first log-in attempt a bucket.
     */
    static boolean requireMayReplace(PostgresTarget pg, List<Table> tables, Map<String, Long> freshRows, String storeId,
            boolean replace, String where) throws SQLException {
        Map<String, Long> extra = new LinkedHashMap<>();
        for (Table table : tables) {
            long rows = pg.count(table.name());
            if (!NOT_SITE_DATA.contains(table.name()) && rows > freshRows.getOrDefault(table.name(), 0L)) {
                extra.put(table.name(), rows);
            }
        }
        if (extra.isEmpty()) {
            return false;
        }
        if (replace) {
            return true;
        }
        boolean earlierCopy = pg.siteKey(PostgresTarget.STORE_ID_KEY).filter(storeId::equals).isPresent();
        if (!earlierCopy) {
            throw new MigrationException("the target " + where + " holds another site's "
                    + "data (" + describe(extra) + "); migrate into an empty database, or pass --replace to delete "
                    + "that data and copy this store in its place");
        }
        Map<String, Long> writtenSince = writtenSinceCopy(pg, extra.keySet());
        if (!writtenSince.isEmpty()) {
            throw new MigrationException("the target " + where + " holds an earlier copy "
                    + "of this store, written to since (" + describe(writtenSince) + "): a site has run on it. Pass "
                    + "--replace to throw that away and copy the store as it is now");
        }
        return true;
    }

    /**
     * Rows of this store's earlier copy that another transaction than the copy's wrote: a re-run must not silently
     * undo what a site running on PostgreSQL has done since (rows it deleted are not seen; rows it added or changed are).
     */
    private static Map<String, Long> writtenSinceCopy(PostgresTarget pg, Set<String> tables) throws SQLException {
        Optional<String> copy = pg.copyTransaction();
        Map<String, Long> written = new LinkedHashMap<>();
        for (String table : tables) {
            long rows = copy.isPresent() ? pg.rowsWrittenOutside(table, copy.get()) : pg.count(table);
            if (rows > 0) {
                written.put(table, rows);
            }
        }
        return written;
    }

    private static String describe(Map<String, Long> rows) {
        List<String> parts = rows.entrySet().stream().limit(4).map(e -> String.format("%,d rows in %s", e.getValue(), e.getKey())).toList();
        return String.join(", ", parts) + (rows.size() > 4 ? ", ..." : "");
    }

}
