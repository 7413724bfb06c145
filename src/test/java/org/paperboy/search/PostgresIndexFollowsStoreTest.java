package org.paperboy.search;

import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** The contract on a real PostgreSQL server; a backup is a copy PostgreSQL makes of the database. */
class PostgresIndexFollowsStoreTest extends IndexFollowsStoreContract {

    @Override
    String newStore() {
        return PostgresServer.newDatabaseUrl();
    }

    @Override
    Database open(String url) {
        return Database.open(url, "postgres", null);
    }

    @Override
    String backupOf(String url) {
        return PostgresServer.copyOf(url);
    }
}
