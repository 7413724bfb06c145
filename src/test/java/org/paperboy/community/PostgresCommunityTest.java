package org.paperboy.community;

import java.nio.file.Path;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

class PostgresCommunityTest extends CommunityContract {

    @Override
    Database openDatabase(Path tmp) {
        return PostgresServer.newDatabase();
    }

    @Override
    String emptyDatabaseUrl(Path tmp) {
        return PostgresServer.newDatabaseUrl();
    }
}
