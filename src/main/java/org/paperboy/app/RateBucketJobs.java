package org.paperboy.app;

import java.time.ZoneOffset;
import java.util.List;
import org.paperboy.schedule.RecurringJob;
import org.paperboy.storage.Database;
import org.paperboy.storage.RateBuckets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly cleaning of the cluster's shared rate-limit buckets, {@value #CLEAN}: bucket4j leaves a row for every
 * client that ever tried to log in, and a row past its expiry is a full bucket, so deleting it changes no limit. None
 * on SQLite, whose limits live in memory.
 */
final class RateBucketJobs {

    static final String CLEAN = "rate-buckets-clean";
    private static final String HOURLY = "0 17 * * * *";

    private static final Logger log = LoggerFactory.getLogger(RateBucketJobs.class);

    private RateBucketJobs() {
    }

    static List<RecurringJob> of(Database database) {
        return RateBuckets.of(database)
                .map(buckets -> List.of(new RecurringJob(CLEAN, HOURLY, ZoneOffset.UTC, context -> {
                    long removed = buckets.removeExpired();
                    if (removed > 0) {
                        log.atInfo().addKeyValue("job", CLEAN).log("removed {} expired rate-limit buckets", removed);
                    }
                })))
                .orElse(List.of());
    }
}
