package org.paperboy.ingest.arxiv;

import java.nio.file.Path;
import org.paperboy.storage.Database;

class SqliteHarvestStateTest extends HarvestStateContract {

    @Override
    Database openDatabase(Path dir) {
        return Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
    }
}
