package org.paperboy.storage;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.Optional;

/**
 * Rate-limit buckets that every node of a cluster shares, in the table {@code rate_buckets} (bucket4j's PostgreSQL
 * proxy manager: each check is one short transaction that locks the bucket's row). Only on PostgreSQL: a SQLite store
 * serves one process, whose limits live in memory. A bucket's row expires once it would be full again (plus
 * {@link #EXPIRY_MARGIN}); bucket4j never deletes rows itself, so {@link #removeExpired()} runs on a schedule.
 */
public final class RateBuckets {

    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);
    /** Rows deleted per statement when cleaning: short transactions that do not hold up the limits' own. */
    static final int CLEAN_BATCH = 1_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    private RateBuckets(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
        this.buckets = buckets;
    }

    /** The shared buckets of a PostgreSQL store; empty on SQLite. */
    public static Optional<RateBuckets> of(Database database) {
        if (database.dialect() != Database.Dialect.POSTGRESQL) {
            return Optional.empty();
        }
        return Optional.of(new RateBuckets(Bucket4jPostgreSQL.selectForUpdateBasedBuilder(database.dataSource())
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(EXPIRY_MARGIN))
                .requestTimeout(REQUEST_TIMEOUT)
                .build()));
    }

    /** The buckets, by key ("ACTION client"). */
    public ProxyManager<String> proxies() {
        return buckets;
    }

    /** Deletes the rows of buckets that have expired (full again: forgetting them changes no limit); returns how many. */
    public long removeExpired() {
        long removed = 0;
        int batch;
        do {
            batch = buckets.removeExpired(CLEAN_BATCH);
            removed += batch;
        } while (batch == CLEAN_BATCH);
        return removed;
    }
}
