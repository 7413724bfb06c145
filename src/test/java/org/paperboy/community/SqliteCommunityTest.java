package org.paperboy.community;

import java.nio.file.Path;
import org.paperboy.storage.Database;

class SqliteCommunityTest extends CommunityContract {

    @Override
    Database openDatabase(Path tmp) {
        return Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null);
    }

    @Override
    String emptyDatabaseUrl(Path tmp) {
        return "jdbc:sqlite:" + tmp.resolve("older.db");
    }
}
