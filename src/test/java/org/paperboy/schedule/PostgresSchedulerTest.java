package org.paperboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperboy.schedule.RunLog.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.app.Paperboy;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.paperboy.testing.PostgresServer;

/** Several nodes on one PostgreSQL: each due run happens once, and a killed node's run is taken over. */
class PostgresSchedulerTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void twoNodesRunEachTriggerOnceAndNeverTogether() throws Exception {
        Settings settings = Settings.defaults().with(Settings.Key.DATA_DIR, dir.toString())
                .with(Settings.Key.DATABASE_URL, PostgresServer.newDatabaseUrl())
                .with(Settings.Key.DATABASE_USER, "postgres");
        int triggers = 8;
        AtomicInteger runningNow = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        try (Paperboy first = Paperboy.open(settings); Paperboy second = Paperboy.open(settings)) {
            RunLog runs = new RunLog(first.database());
            List<Paperboy> paperboys = List.of(first, second);
            List<AtomicInteger> runsByNode = List.of(new AtomicInteger(), new AtomicInteger());
            List<Scheduler> nodes = new java.util.ArrayList<>();
            for (int n = 0; n < 2; n++) {
                Scheduler node = new Scheduler(paperboys.get(n).database(), Duration.ofSeconds(4), POLL, HEARTBEAT);
                AtomicInteger ran = runsByNode.get(n);
                String label = "node " + n;
                node.start(List.of(new RecurringJob("digest", SqliteSchedulerTest.YEARLY, ZoneOffset.UTC, context -> {
                    if (runningNow.incrementAndGet() > 1) {
                        overlapped.set(true);
                    }
                    try {
                        Thread.sleep(300);
                        ran.incrementAndGet();
                        runs.record("digest", label, "finished");
                    } finally {
                        runningNow.decrementAndGet();
                    }
                })));
                nodes.add(node);
            }
            try {
                for (int i = 1; i <= triggers; i++) {
                    assertThat(nodes.get(i % 2).runNow("digest")).isTrue();
                    int done = i;
                    await(WAIT, "run " + i, () -> runs.count("digest", "finished") == done
                            && !nodes.getFirst().status().getFirst().running());
                }
                Thread.sleep(1_000); // many polls by both nodes: a second run of any trigger would show

                assertThat(runs.count("digest", "finished")).isEqualTo(triggers);
                assertThat(runsByNode.get(0).get() + runsByNode.get(1).get()).isEqualTo(triggers);
                assertThat(overlapped).as("two runs at once").isFalse();
                assertThat(runs.nodes("digest", "finished")).as("both nodes take turns").contains("node 0", "node 1");
            } finally {
                nodes.forEach(Scheduler::close);
            }
        }
    }

    /** Both nodes find the same due times of a cron job; each due time is run by one of them only. */
    @Test
    void twoNodesRunACronJobOncePerDueTime() throws Exception {
        Settings settings = Settings.defaults().with(Settings.Key.DATA_DIR, dir.toString())
                .with(Settings.Key.DATABASE_URL, PostgresServer.newDatabaseUrl())
                .with(Settings.Key.DATABASE_USER, "postgres");
        Map<Long, AtomicInteger> runsByDueTime = new ConcurrentHashMap<>();
        try (Paperboy first = Paperboy.open(settings); Paperboy second = Paperboy.open(settings)) {
            List<Scheduler> nodes = new java.util.ArrayList<>();
            for (Paperboy paperboy : List.of(first, second)) {
                Scheduler node = new Scheduler(paperboy.database(), Duration.ofSeconds(4), POLL, HEARTBEAT);
                // Due every two seconds; a run starts within a poll of its due time, so its even second names it.
                node.start(List.of(new RecurringJob("tick", "*/2 * * * * *", ZoneOffset.UTC, context ->
                        runsByDueTime.computeIfAbsent(java.time.Instant.now().getEpochSecond() / 2,
                                k -> new AtomicInteger()).incrementAndGet())));
                nodes.add(node);
            }
            try {
                await(WAIT, "four due times", () -> runsByDueTime.size() >= 4);
                Thread.sleep(500);
            } finally {
                nodes.forEach(Scheduler::close);
            }
            assertThat(runsByDueTime.values()).as("runs per due time").extracting(AtomicInteger::get).containsOnly(1);
        }
    }

    @Test
    void aKilledNodesRunIsTakenOverByAnother() throws Exception {
        String url = PostgresServer.newDatabaseUrl();
        try (Database database = Database.open(url, "postgres", null)) {
            RunLog runs = new RunLog(database);
            Process dying = startDyingNode(url);
            Scheduler survivor = new Scheduler(database, Duration.ofSeconds(4), POLL, HEARTBEAT);
            try {
                await(Duration.ofSeconds(40), "the other node to start the job", () -> runs.count(DyingNode.JOB, "started") == 1);
                JobStatus beforeKill = survivor.status().getFirst();
                assertThat(beforeKill.running()).isTrue();
                assertThat(beforeKill.runningOn()).endsWith(":" + dying.pid()).isNotEqualTo(survivor.nodeName());

                dying.destroyForcibly().waitFor();
                long killed = System.nanoTime();
                survivor.start(List.of(new RecurringJob(DyingNode.JOB, SqliteSchedulerTest.YEARLY, ZoneOffset.UTC,
                        context -> runs.record(DyingNode.JOB, survivor.nodeName(), "finished"))));

                await(WAIT, "the survivor to run the job again", () -> runs.count(DyingNode.JOB, "finished") == 1);
                assertThat(Duration.ofNanos(System.nanoTime() - killed))
                        .as("six missed heartbeats, then a check every two").isLessThan(Duration.ofSeconds(15));
                await(WAIT, "the outcome", () -> !survivor.status().getFirst().running());
                JobStatus after = survivor.status().getFirst();
                assertThat(after.lastSuccess()).isNotNull();
                assertThat(after.lastFailure()).as("the dead run counts as a failure").isNotNull();
                assertThat(after.consecutiveFailures()).isZero();
            } finally {
                survivor.close();
                dying.destroyForcibly();
            }
        }
    }

    private Process startDyingNode(String url) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), DyingNode.class.getName(), url);
        builder.redirectErrorStream(true);
        builder.redirectOutput(Files.createFile(dir.resolve("dying-node.log")).toFile());
        return builder.start();
    }
}
