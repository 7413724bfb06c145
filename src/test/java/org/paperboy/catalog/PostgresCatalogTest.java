package org.paperboy.catalog;

import java.nio.file.Path;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

class PostgresCatalogTest extends CatalogContract {

    private String url;

    @Override
    Database openDatabase(Path tmp) {
        url = PostgresServer.newDatabaseUrl();
        return reopen(tmp);
    }

    @Override
    Database reopen(Path tmp) {
        return Database.open(url, "postgres", null);
    }
}
