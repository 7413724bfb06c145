package org.paperboy.migrate;

import java.util.List;
import java.util.Optional;

/**
 * One table to copy: its columns with the kind of each (from the PostgreSQL side), the columns SQLite reads it in
 * order of (its primary key, so that a comment's parent, which has a smaller id, is copied before the reply), and its
 * identity column, whose sequence PostgreSQL must be moved past the copied ids.
 */
record Table(String name, List<Column> columns, List<String> orderBy, Optional<String> identity) {

    record Column(String name, ColumnKind kind) {}

    String columnList() {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }
}
