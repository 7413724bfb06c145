package org.paperboy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.testing.PostgresServer;

/** The cluster's shared rate-limit buckets: PostgreSQL only, and expired rows cleaned without touching live ones. */
class RateBucketsTest {

    @TempDir
    Path dir;

    @Test
    void sqliteKeepsItsLimitsInMemoryThoughTheTableExists() {
        try (Database sqlite = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null)) {
            assertThat(RateBuckets.of(sqlite)).isEmpty();
            long rows = sqlite.read(c -> c.createStatement().executeQuery("SELECT count(*) FROM rate_buckets").getLong(1));
            assertThat(rows).isZero();
        }
    }

    @Test
    void cleaningRemovesExpiredBucketsOnlyAndTheirLimitsStartAfresh() {
        try (Database database = PostgresServer.newDatabase()) {
            RateBuckets buckets = RateBuckets.of(database).orElseThrow();
            BucketConfiguration oneAnHour = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofHours(1)).build()).build();
            assertThat(buckets.proxies().getProxy("LOG_IN live", () -> oneAnHour).tryConsume(1)).isTrue();
            database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO rate_buckets (id, state, expires_at) VALUES (?, NULL, ?)")) {
                    for (int i = 0; i < RateBuckets.CLEAN_BATCH + 5; i++) {
                        s.setString(1, "LOG_IN old " + i);
                        s.setLong(2, System.currentTimeMillis() - 1_000);
                        s.addBatch();
                    }
                    return s.executeBatch().length;
                }
            });

            assertThat(buckets.removeExpired()).as("in batches").isEqualTo(RateBuckets.CLEAN_BATCH + 5);
            assertThat(buckets.proxies().getProxy("LOG_IN live", () -> oneAnHour).tryConsume(1))
                    .as("the live bucket is still empty").isFalse();
            assertThat(buckets.removeExpired()).isZero();
        }
    }
}
