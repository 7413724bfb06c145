package org.paperboy.alerts;

import java.nio.file.Path;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** The same contract on a real PostgreSQL server (the migration, ON CONFLICT, DOUBLE PRECISION scores). */
class PostgresAlertMatcherTest extends AlertMatcherContract {

    @Override
    Database openDatabase(Path dir) {
        return PostgresServer.newDatabase();
    }
}
