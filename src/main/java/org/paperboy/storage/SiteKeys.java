package org.paperboy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.paperboy.community.Secrets;

/**
 * The site's signing keys, one per purpose, kept in the store: created with a random value by whichever node asks
 * first (the insert of a second one does nothing), so that every node of a site signs and checks with the same key.
 */
public final class SiteKeys {

    private final Database database;
    /** Keys read in a committed transaction: a key never changes once stored. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    public SiteKeys(Database database) {
        this.database = database;
    }

    /** The key for {@code name}, made now if the site has none yet. */
    public String secret(String name) {
        String secret = known.get(name);
        if (secret == null) {
            secret = database.inTransaction(c -> read(c, name));
            known.put(name, secret);
        }
        return secret;
    }

    /**
     * As {@link #secret(String)}, in the caller's transaction (on SQLite a second one would wait for it). Not
     * remembered until committed: a key made in a transaction that rolls back was never the site's.
     */
    public String secret(Connection c, String name) throws SQLException {
        String secret = known.get(name);
        return secret != null ? secret : read(c, name);
    }

    private static String read(Connection c, String name) throws SQLException {
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
    }
}
