package org.paperboy.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock that one node of a cluster holds at a time, for work that must run once for the cluster (the writer of a
 * shared search index, the job that computes vectors). Nobody waits on it: a node asks {@link #tryHold()} before each
 * step of its work and, when it does not hold the lock, leaves the step to the holder and asks again later.
 *
 * <p>On PostgreSQL it is a session-level advisory lock ({@code pg_try_advisory_lock}) held on a connection of its
 * own, outside the pool. PostgreSQL releases it when that session ends: the holder closed, crashed or lost its
 * network, and another node's next {@link #tryHold()} takes it. The holder checks its connection at most every
 * {@link #CHECK_MILLIS} (a {@code SELECT 1} with a timeout): once the connection is gone it stops reporting the lock
 * as held, since PostgreSQL may already have handed it to another node. Work done under the lock must therefore be
 * safe to repeat from where the store says it stopped (the vectors table, the index's applied sequence): during a
 * take-over two nodes may briefly do the same step.
 *
 * <p>On SQLite (one machine) the lock is held within this process, per store and name: two Paperboy instances of
 * one JVM over one file take turns as two nodes would.
 */
public final class ClusterLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterLock.class);
    /** How often the holder makes sure its session (and so its lock) still exists. */
    static final long CHECK_MILLIS = 1_000;
    private static final int CHECK_TIMEOUT_SECONDS = 5;
    /** The first key of Paperboy's advisory locks ("pb"), so that they do not collide with another application's. */
    private static final int KEY_SPACE = 0x7062;
    /** Holders of SQLite stores' locks in this process: "url name" to the lock that holds it. */
    private static final Map<String, ClusterLock> LOCAL_HOLDERS = new ConcurrentHashMap<>();

    private final Database database;
    private final String name;
    private Connection session; // guarded by this; PostgreSQL only
    private boolean held; // guarded by this
    private long checkedAtNanos; // guarded by this
    private boolean closed; // guarded by this

    private ClusterLock(Database database, String name) {
        this.database = database;
        this.name = name;
    }

    /** The lock called {@code name} among the nodes of the store {@code database}; not held until {@link #tryHold}. */
    public static ClusterLock of(Database database, String name) {
        return new ClusterLock(database, name);
    }

    public String name() {
        return name;
    }

    /**
     * Whether this node holds the lock now: takes it if it is free, and, when it was held already, makes sure (at most
     * every {@link #CHECK_MILLIS}) that it still is. Never waits for another holder; a failure to reach the store
     * answers false, and the next call tries again.
     */
    public synchronized boolean tryHold() {
        if (closed) {
            return false;
        }
        return database.dialect() == Database.Dialect.SQLITE ? holdLocally() : holdInPostgres();
    }

    /** Whether this node held the lock at its last {@link #tryHold()} (no store access). */
    public synchronized boolean held() {
        return held;
    }

    private boolean holdLocally() {
        held = LOCAL_HOLDERS.computeIfAbsent(localKey(), key -> this) == this;
        return held;
    }

    private String localKey() {
        return database.url() + ' ' + name;
    }

    private boolean holdInPostgres() {
        try {
            if (held) {
                if (System.nanoTime() - checkedAtNanos < TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
                    return true;
                }
                checkSession();
                return true;
            }
            if (session == null) {
                session = database.dedicatedConnection();
            }
            held = tryAdvisoryLock();
            checkedAtNanos = System.nanoTime();
            if (held) {
                log.atInfo().addKeyValue("lock", name).log("this node now holds the cluster lock '{}'", name);
            }
            return held;
        } catch (SQLException | RuntimeException e) {
            if (held) {
                log.atWarn().addKeyValue("lock", name)
                        .log("lost the cluster lock '{}' (its session failed: {}); another node may take it", name, e.toString());
            }
            dropSession();
            return false;
        }
    }

    private void checkSession() throws SQLException {
        try (PreparedStatement s = session.prepareStatement("SELECT 1")) {
            s.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
            s.executeQuery().close();
        }
        checkedAtNanos = System.nanoTime();
    }

    private boolean tryAdvisoryLock() throws SQLException {
        try (PreparedStatement s = session.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            s.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
            s.setInt(1, KEY_SPACE);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Closing the session releases an advisory lock it held; a broken one is released by the server. */
    private void dropSession() {
        held = false;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // already broken: PostgreSQL ends the session (and releases its locks) on its own
            }
            session = null;
        }
    }

    /** Releases the lock if held; this object holds it no more. */
    @Override
    public synchronized void close() {
        closed = true;
        if (database.dialect() == Database.Dialect.SQLITE) {
            LOCAL_HOLDERS.remove(localKey(), this);
            held = false;
        } else {
            unlockBeforeClosing();
            dropSession();
        }
    }

    /** The server releases the locks of a closed session only when its backend has exited: a moment later. */
    private void unlockBeforeClosing() {
        if (!held || session == null) {
            return;
        }
        try (PreparedStatement s = session.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            s.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
            s.setInt(1, KEY_SPACE);
            s.setString(2, name);
            s.executeQuery().close();
        } catch (SQLException e) {
            log.atDebug().log("cannot release the cluster lock '{}' before closing its session: {}", name, e.toString());
        }
    }
}
