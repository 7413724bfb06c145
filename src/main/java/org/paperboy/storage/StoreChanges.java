package org.paperboy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of the transactions other nodes commit on the same PostgreSQL, so that caches of what the store holds
 * ({@link Database#changes()}) drop what another node has changed within moments. Each transaction a node commits
 * sends {@code NOTIFY} on {@value #CHANNEL} (PostgreSQL delivers it at commit, and not at all on a rollback) with the
 * node's id; every node listens on a connection of its own, outside the pool, and counts the notices of others.
 *
 * <p>Notices sent while a node does not listen are lost, so while its connection is down the count moves every
 * {@link #RETRY_MILLIS} (caches then trust nothing for long), and it moves once more when listening starts again
 * (every cache is flushed). The listener starts on the first {@link #count()}: commands that never cache never listen.
 */
final class StoreChanges implements AutoCloseable {

    static final String CHANNEL = "paperboy_changes";
    /** How long one wait for notices lasts; also the longest {@link #close()} waits for the listener. */
    static final int WAIT_MILLIS = 500;
    static final long RETRY_MILLIS = 500;
    /** How often a listener that hears nothing makes sure its connection still works. */
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger log = LoggerFactory.getLogger(StoreChanges.class);

    private final Database database;
    private final String node = UUID.randomUUID().toString();
    private final AtomicLong heard = new AtomicLong();
    private Thread listener; // guarded by this
    private volatile boolean closed;

    StoreChanges(Database database) {
        this.database = database;
    }

    /**
     * Sends this node's notice within the transaction on {@code c}, if it wrote anything (a transaction that only
     * read has no transaction id): delivered to the others if it commits.
     */
    void announce(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT pg_notify(?, ?) WHERE pg_current_xact_id_if_assigned() IS NOT NULL")) {
            s.setString(1, CHANNEL);
            s.setString(2, node);
            s.executeQuery().close();
        }
    }

    /** A number that moves when another node commits (soon after), or when this node cannot tell. */
    long count() {
        startListening();
        return heard.get();
    }

    private synchronized void startListening() {
        if (listener == null && !closed) {
            listener = Thread.ofPlatform().name("store-changes").daemon().start(this::listen);
        }
    }

    private void listen() {
        boolean warned = false;
        while (!closed) {
            try (Connection c = database.dedicatedConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                heard.incrementAndGet(); // whatever was missed while not listening
                if (warned) {
                    log.info("listening for other nodes' changes again");
                    warned = false;
                }
                hearUntilClosed(c);
            } catch (SQLException | RuntimeException e) {
                heard.incrementAndGet();
                if (!closed && !warned) {
                    log.warn("cannot listen for other nodes' changes (caches now re-read the store); retrying: {}",
                            e.toString());
                    warned = true;
                }
                pause();
            }
        }
    }

    private void hearUntilClosed(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long checkedAt = System.nanoTime();
        while (!closed) {
            PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
            if (notices != null) {
                for (PGNotification notice : notices) {
                    if (!node.equals(notice.getParameter())) {
                        heard.incrementAndGet();
                        break;
                    }
                }
            }
            if (System.nanoTime() - checkedAt > CHECK_NANOS) {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(5);
                    s.execute("SELECT 1");
                }
                checkedAt = System.nanoTime();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = listener;
        }
        if (running != null) {
            try {
                running.join(2L * WAIT_MILLIS + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
