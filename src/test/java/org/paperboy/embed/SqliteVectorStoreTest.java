package org.paperboy.embed;

import java.nio.file.Path;
import org.paperboy.storage.Database;

class SqliteVectorStoreTest extends VectorStoreContract {

    @Override
    Database openDatabase(Path dir) {
        return EmbedFixtures.sqlite(dir);
    }
}
