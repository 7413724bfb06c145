package org.paperboy.alerts;

import java.nio.file.Path;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** The same contract on a real PostgreSQL server (V17's tables, ON CONFLICT, the cursor). */
class PostgresFollowedPapersTest extends FollowedPapersContract {

    @Override
    Database openDatabase(Path dir) {
        return PostgresServer.newDatabase();
    }
}
