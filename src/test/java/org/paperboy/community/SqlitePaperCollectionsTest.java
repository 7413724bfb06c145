package org.paperboy.community;

import java.nio.file.Path;
import org.paperboy.storage.Database;

class SqlitePaperCollectionsTest extends PaperCollectionsContract {

    @Override
    Database openDatabase(Path tmp) {
        return Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null);
    }
}
