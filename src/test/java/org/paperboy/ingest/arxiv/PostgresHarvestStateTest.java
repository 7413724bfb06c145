package org.paperboy.ingest.arxiv;

import java.nio.file.Path;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** The same contract on a real PostgreSQL server (the migration, ON CONFLICT, row locks). */
class PostgresHarvestStateTest extends HarvestStateContract {

    @Override
    Database openDatabase(Path dir) {
        return PostgresServer.newDatabase();
    }
}
