package org.paperboy.catalog;

import java.nio.file.Path;
import org.paperboy.storage.Database;

class SqliteAnnouncementsTest extends AnnouncementsContract {

    @Override
    Database openDatabase(Path tmp) {
        return Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null);
    }
}
