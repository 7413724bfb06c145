package org.paperboy.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps SQLite's prepared statements across reads. SQLite compiles every statement it is given: for the feed's query
 * (three joins, two correlated counts) compiling took longer than running it, and the pages run it on every view. The
 * SQLite driver and the connection pool cache nothing, so this does, per physical connection: the connection handed to
 * {@link Database#read} gives out a kept statement for SQL it has seen before, and the statement's {@code close()}
 * only clears its parameters and hands it back. Callers write ordinary JDBC.
 *
 * <p>A physical connection is used by one thread at a time (the pool lends it out whole), so a connection's statements
 * need no locking. A statement already lent out (the same SQL prepared twice before the first is closed) is prepared
 * afresh and really closed. Statements of a connection the pool has closed are dropped when next seen.
 */
final class StatementCache {

    /** Distinct statements kept per connection; the least recently used one is closed beyond this. */
    static final int PER_CONNECTION = 64;

    private final Map<Connection, Kept> byConnection = new ConcurrentHashMap<>();

    /** {@code pooled} with statement caching; {@code physical} is the driver's connection beneath it. */
    Connection wrap(Connection pooled, Connection physical) {
        Kept kept = byConnection.get(physical);
        if (kept == null) {
            byConnection.keySet().removeIf(StatementCache::isClosed);
            kept = new Kept(physical);
            byConnection.put(physical, kept);
        }
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new CachingConnection(pooled, kept));
    }

    /** Statements kept for one physical connection, in least-recently-used order. */
    private static final class Kept extends LinkedHashMap<String, KeptStatement> {
        private final Connection physical;

        Kept(Connection physical) {
            super(16, 0.75f, true);
            this.physical = physical;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KeptStatement> eldest) {
            if (size() <= PER_CONNECTION) {
                return false;
            }
            // Close the least recently used statement that is not lent out; keep the map at its bound.
            for (Iterator<KeptStatement> it = values().iterator(); it.hasNext(); ) {
                KeptStatement candidate = it.next();
                if (!candidate.lent) {
                    it.remove();
                    candidate.closeQuietly();
                    break;
                }
            }
            return false;
        }
    }

    private static final class KeptStatement {
        final PreparedStatement statement;
        boolean lent;

        KeptStatement(PreparedStatement statement) {
            this.statement = statement;
        }

        void closeQuietly() {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Closing a statement that can no longer be used: nothing to do.
            }
        }
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * The pooled connection, but {@code prepareStatement(sql)} comes from the connection's kept statements. Closing it
     * gives back whatever its caller left open, so a forgotten statement cannot keep a read snapshot.
     */
    private static final class CachingConnection implements InvocationHandler {
        private final Connection pooled;
        private final Kept kept;
        private final java.util.List<LentStatement> lent = new java.util.ArrayList<>();

        CachingConnection(Connection pooled, Kept kept) {
            this.pooled = pooled;
            this.kept = kept;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("prepareStatement") && args != null && args.length == 1
                    && args[0] instanceof String sql) {
                return prepare((Connection) proxy, sql);
            }
            if (method.getName().equals("close")) {
                for (LentStatement statement : lent) {
                    statement.giveBackQuietly();
                }
                lent.clear();
            }
            return forward(pooled, method, args);
        }

        private PreparedStatement prepare(Connection proxy, String sql) throws SQLException {
            KeptStatement statement = kept.get(sql);
            if (statement != null && statement.statement.isClosed()) {
                kept.remove(sql);
                statement = null;
            }
            if (statement == null) {
                statement = new KeptStatement(kept.physical.prepareStatement(sql));
                kept.put(sql, statement);
            } else if (statement.lent) {
                return pooled.prepareStatement(sql);
            }
            statement.lent = true;
            LentStatement handler = new LentStatement(statement, proxy);
            lent.add(handler);
            return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, handler);
        }
    }

    /** A kept statement while lent out: {@code close()} gives it back instead of closing it. */
    private static final class LentStatement implements InvocationHandler {
        private final KeptStatement kept;
        private final Connection connection;
        private boolean closed;
        /** The last result set given out: closing it resets the statement and ends SQLite's read snapshot. */
        private java.sql.ResultSet lastResult;

        LentStatement(KeptStatement kept, Connection connection) {
            this.kept = kept;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    giveBack();
                    return null;
                }
                case "isClosed" -> {
                    return closed || kept.statement.isClosed();
                }
                case "getConnection" -> {
                    return connection;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    if (closed) {
                        throw new SQLException("statement is closed");
                    }
                    Object result = forward(kept.statement, method, args);
                    if (result instanceof java.sql.ResultSet resultSet) {
                        lastResult = resultSet;
                    }
                    return result;
                }
            }
        }

        void giveBackQuietly() {
            try {
                giveBack();
            } catch (SQLException ignored) {
                // The statement was closed for good instead.
            }
        }

        private void giveBack() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                // A result set left open would hold SQLite's read snapshot: close it, and forget the parameters.
                if (lastResult != null) {
                    lastResult.close();
                }
                kept.statement.clearParameters();
                kept.lent = false;
            } catch (SQLException e) {
                kept.closeQuietly();
                throw e;
            }
        }
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
