package org.paperboy.catalog;

import java.nio.file.Path;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

class PostgresAnnouncementsTest extends AnnouncementsContract {

    @Override
    Database openDatabase(Path tmp) {
        return Database.open(PostgresServer.newDatabaseUrl(), "postgres", null);
    }
}
