package org.paperboy.app;

import org.paperboy.catalog.Catalog;
import org.paperboy.community.Community;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;

/** One running Paperboy: the store and the services built on it. Commands and the web server share it. */
public final class Paperboy implements AutoCloseable {

    private final Settings settings;
    private final Database database;
    private final Catalog catalog;
    private final Community community;

    private Paperboy(Settings settings, Database database) {
        this.settings = settings;
        this.database = database;
        this.catalog = new Catalog(database);
        this.community = new Community(database);
    }

    /** Opens (and if needed creates and migrates) the store that the settings name. */
    public static Paperboy open(Settings settings) {
        return new Paperboy(settings, Database.open(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword()));
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Community community() {
        return community;
    }

    @Override
    public void close() {
        database.close();
    }
}
