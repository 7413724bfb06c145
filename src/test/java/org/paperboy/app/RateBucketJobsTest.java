package org.paperboy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.config.Settings;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.testing.PostgresServer;

/** The cleaning of the shared rate-limit buckets is one of a server's jobs on PostgreSQL, and none on SQLite. */
class RateBucketJobsTest {

    @TempDir
    Path dir;

    @Test
    void aServerOnPostgresCleansTheSharedBucketsOnSchedule() {
        Settings settings = Settings.defaults().with(Settings.Key.DATA_DIR, dir.toString())
                .with(Settings.Key.DATABASE_URL, PostgresServer.newDatabaseUrl())
                .with(Settings.Key.DATABASE_USER, "postgres").with(Settings.Key.EMBEDDING_PROVIDER, "none");
        try (Paperboy paperboy = Paperboy.open(settings)) {
            assertThat(paperboy.scheduledJobs()).extracting(RecurringJob::name).contains(RateBucketJobs.CLEAN);
        }
    }

    @Test
    void aServerOnSqliteHasNoSharedBuckets() {
        Settings settings = Settings.defaults().with(Settings.Key.DATA_DIR, dir.toString())
                .with(Settings.Key.EMBEDDING_PROVIDER, "none");
        try (Paperboy paperboy = Paperboy.open(settings)) {
            assertThat(paperboy.scheduledJobs()).extracting(RecurringJob::name).doesNotContain(RateBucketJobs.CLEAN);
        }
    }
}
