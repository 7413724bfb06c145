package org.paperboy.migrate;

import java.util.List;

/**
 * What a copy did, table by table: rows in the snapshot, rows in the target after the copy, and whether the target's
 * rows are the snapshot's (a checksum of every column of every row, read back from PostgreSQL).
 */
public record MigrationReport(List<TableResult> tables, String searchEpoch, boolean replaced) {

    public record TableResult(String table, long sourceRows, long targetRows, boolean sameContent) {
        public boolean matches() {
            return sourceRows == targetRows && sameContent;
        }
    }

    public List<TableResult> mismatches() {
        return tables.stream().filter(t -> !t.matches()).toList();
    }

    public long rows() {
        return tables.stream().mapToLong(TableResult::sourceRows).sum();
    }

    /** The per-table table the command prints. */
    public String format() {
        int width = Math.max("table".length(), tables.stream().mapToInt(t -> t.table().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format("%-" + width + "s  %12s  %12s  %s%n", "table", "SQLite", "PostgreSQL", "content"));
        for (TableResult t : tables) {
            out.append(String.format("%-" + width + "s  %,12d  %,12d  %s%n", t.table(), t.sourceRows(), t.targetRows(),
                    t.matches() ? "same" : t.sourceRows() != t.targetRows() ? "ROW COUNT DIFFERS" : "CONTENT DIFFERS"));
        }
        return out.toString();
    }
}
