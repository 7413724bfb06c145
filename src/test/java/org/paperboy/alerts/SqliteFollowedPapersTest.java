package org.paperboy.alerts;

import java.nio.file.Path;
import org.paperboy.storage.Database;

class SqliteFollowedPapersTest extends FollowedPapersContract {

    @Override
    Database openDatabase(Path dir) {
        return Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
    }
}
