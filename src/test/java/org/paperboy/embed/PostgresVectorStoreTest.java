package org.paperboy.embed;

import java.nio.file.Path;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** The same contract on a real PostgreSQL server (BYTEA vectors, ON CONFLICT upserts). */
class PostgresVectorStoreTest extends VectorStoreContract {

    @Override
    Database openDatabase(Path dir) {
        return PostgresServer.newDatabase();
    }
}
