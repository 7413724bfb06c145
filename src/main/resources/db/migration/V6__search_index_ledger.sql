-- The store's half of the search index's bookkeeping. The index (DATA_DIR/index) is derived and follows papers.change_seq;
-- its own commit records the epoch it was built from and the sequence it applied. Comparing both halves tells an index
-- that it still follows this store as it is now, and not another store or an older copy of this one.
-- epoch: random; made here, and replaced whenever an index finds the store rolled back under it, so that no index built
--        before the roll-back (or from another store) is taken for current.
-- indexed_through: the highest change_seq an index has been told to apply, raised before the index commits it. A store
--        restored from a backup, or one that lost its last commits in a power cut, remembers less than its index applied.
CREATE TABLE search_index_ledger (
    epoch           TEXT   NOT NULL,
    indexed_through BIGINT NOT NULL
);

INSERT INTO search_index_ledger (epoch, indexed_through) VALUES (${random_id}, 0);
