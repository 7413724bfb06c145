package org.paperboy.migrate;

import java.util.function.UnaryOperator;

/**
 * The two places where the copy is deliberately not the same as the store, applied to rows on their way (and so
 * also to what the copy is verified against):
 * <ul>
 * <li>{@code search_index_ledger} gets a new epoch. The search index is derived from the store; an index built from
 * the SQLite store (or one from an earlier copy) must not be taken for the new store's, so it is rebuilt from it.
 * <li>{@code scheduled_tasks} (db-scheduler's table) is copied, so each job keeps its next time and its history of
 * successes and failures, but without picks: a job running on the SQLite site at the snapshot was picked by a node
 * that will never beat its heartbeat on PostgreSQL; released, it runs once at its time on the new site.
 * </ul>
 * {@code flyway_schema_history} is not copied at all: the target has its own, written by Flyway as it made the
 * target's schema (with PostgreSQL's placeholders, so its own checksums and times); migrate only checks both list the
 * same migrations.
 */
final class RowAdjustments {

    static final String LEDGER = "search_index_ledger";
    static final String SCHEDULED_TASKS = "scheduled_tasks";

    private RowAdjustments() {}

    static UnaryOperator<Object[]> forTable(Table table, String newEpoch) {
        return switch (table.name()) {
            case LEDGER -> set(table, "epoch", newEpoch);
            case SCHEDULED_TASKS -> set(table, "picked", false).andThen(set(table, "picked_by", null))
                    .andThen(set(table, "last_heartbeat", null))::apply;
            default -> UnaryOperator.identity();
        };
    }

    private static UnaryOperator<Object[]> set(Table table, String column, Object value) {
        int index = table.indexOf(column);
        if (index < 0) {
            throw new MigrationException("table " + table.name() + " has no column " + column + ": this Paperboy "
                    + "does not know how to copy the store's schema");
        }
        return row -> {
            row[index] = value;
            return row;
        };
    }
}
