package org.paperboy.catalog;

import java.nio.file.Path;
import org.paperboy.storage.Database;

class SqliteCatalogTest extends CatalogContract {

    @Override
    Database openDatabase(Path tmp) {
        return reopen(tmp);
    }

    @Override
    Database reopen(Path tmp) {
        return Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null);
    }
}
