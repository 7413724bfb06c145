package org.paperboy.search;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.paperboy.storage.Database;

/**
 * The store's half of the search index's bookkeeping (table {@code search_index_ledger}): the store's epoch, and the
 * highest change sequence any index has been told to apply. The index's commit holds the other half, so an index can
 * tell whether it still follows this store as it is now, or another store, or an older copy of this one.
 */
public final class StoreLedger {

    /** The store's epoch, and the change sequence up to which the store knows an index may have applied changes. */
    public record Entry(String epoch, long indexedThrough) {}

    private final Database database;

    public StoreLedger(Database database) {
        this.database = database;
    }

    public Entry read() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT epoch, indexed_through FROM search_index_ledger");
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the store has no search_index_ledger row; was migration V6 removed?");
                }
                return new Entry(rs.getString(1), rs.getLong(2));
            }
        });
    }

    /**
     * Records that an index is about to apply changes through {@code seq}. Called before the index commits, so that
     * the store remembers at least as much as any index applied, unless the store itself was rolled back.
     */
    public void recordIndexingThrough(long seq) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE search_index_ledger SET indexed_through = ? WHERE indexed_through < ?")) {
                s.setLong(1, seq);
                s.setLong(2, seq);
                return s.executeUpdate();
            }
        });
    }

    /** Gives the store a new epoch: every index built before now no longer matches it and is rebuilt. Returns it. */
    public String newEpoch() {
        String epoch = UUID.randomUUID().toString().replace("-", "");
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE search_index_ledger SET epoch = ?")) {
                s.setString(1, epoch);
                return s.executeUpdate();
            }
        });
        return epoch;
    }
}
