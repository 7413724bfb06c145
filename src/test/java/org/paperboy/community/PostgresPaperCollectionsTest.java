package org.paperboy.community;

import java.nio.file.Path;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

class PostgresPaperCollectionsTest extends PaperCollectionsContract {

    @Override
    Database openDatabase(Path tmp) {
        return PostgresServer.newDatabase();
    }
}
