package org.paperboy.subscription;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.paperboy.community.Secrets;
import org.paperboy.storage.Database;

/**
 * The site's signing keys, one per purpose, kept in the store: created with a random value by whichever node asks
 * first (the insert of a second one does nothing), so that every node of a site signs and checks with the same key.
 */
public final class SiteKeys {

    private final Database database;

    public SiteKeys(Database database) {
        this.database = database;
    }

    /** The key for {@code name}, made now if the site has none yet. */
    public String secret(String name) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO site_keys (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                s.setString(1, name);
                s.setString(2, Secrets.random());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT secret FROM site_keys WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
