package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.OaiListing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code paperboy harvest} in a JVM of its own, killed with SIGKILL at a random moment (starting, mid-page, mid-batch,
 * between pages, finishing), then harvested again to completion. Every trial must end with every paper stored exactly
 * once in its newest version, and a harvest state that only the completed run moved. Trials: 20, or the system
 * property {@code paperboy.harvest.killTrials} ({@code bench/harvest-kill.sh} runs more); the seed is logged, and
 * {@code paperboy.harvest.killSeed} repeats a run.
 */
class HarvestKillTest {

    private static final Logger log = LoggerFactory.getLogger(HarvestKillTest.class);

    private static final int PAGES = 4;
    private static final int NEW_PER_PAGE = 1_100;
    /** Each page after the first also brings version 2 of this many papers of the page before. */
    private static final int UPDATED_PER_PAGE = 150;
    private static final int PAPERS = PAGES * NEW_PER_PAGE;
    private static final int DRIP_BYTES = 32 << 10;
    private static final long DRIP_PAUSE_MILLIS = 8;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aHarvestKilledAtAnyMomentIsCompletedByTheNextRun() throws Exception {
        int trials = Integer.getInteger("paperboy.harvest.killTrials", 20);
        long seed = Long.getLong("paperboy.harvest.killSeed", System.nanoTime());
        Random random = new Random(seed);
        Instant answered = Instant.now();
        LocalDate today = LocalDate.ofInstant(answered, ZoneOffset.UTC);
        LocalDate before = today.minusDays(2);
        Map<String, Integer> newest = newestVersions();
        OaiListing listing = listing(answered);
        AtomicBoolean slow = new AtomicBoolean(true);
        List<String> killedAt = new ArrayList<>();
        int finishedFirst = 0;

        try (ArxivServer arxiv = ArxivServer.start()) {
            arxiv.route(request -> slow.get() ? dripped(listing.answer(request)) : listing.answer(request));
            long[] run = timeOneHarvest(arxiv, before);
            log.info("{} kill trials, seed {}; an undisturbed harvest asks arXiv after {} ms and ends after {} ms",
                    trials, seed, run[0], run[1]);
            for (int trial = 0; trial < trials; trial++) {
                Path dataDir = tmp.resolve("trial-" + trial);
                seedState(dataDir, before);
                int requestsBefore = arxiv.requests().size();
                // Most kills land while the harvest reads and stores; one in ten while the JVM starts.
                boolean whileStarting = random.nextInt(10) == 0;
                long delayMillis = whileStarting ? random.nextLong(run[0]) : random.nextLong(run[1] - run[0] + 100);

                slow.set(true);
                Process child = startHarvest(dataDir, arxiv.baseUrl() + "/oai");
                while (!whileStarting && arxiv.requests().size() == requestsBefore && child.isAlive()) {
                    Thread.sleep(1);
                }
                Thread.sleep(delayMillis);
                boolean finished = !child.isAlive();
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                int pagesAsked = arxiv.requests().size() - requestsBefore;
                killedAt.add((whileStarting ? "start" : "first request") + " +" + delayMillis + " ms, page " + pagesAsked
                        + (finished ? " (done)" : ""));
                if (finished) {
                    finishedFirst++;
                    assertThat(child.exitValue()).as(Files.readString(dataDir.resolve("harvest.log"))).isZero();
                }
                slow.set(false);
                try {
                    checkAfterKill(dataDir, newest, before, today);
                    completeAndCheck(dataDir, arxiv, newest, before, today);
                } catch (AssertionError e) {
                    throw new AssertionError("trial " + trial + " of seed " + seed + ", killed at " + killedAt.getLast()
                            + ": " + e.getMessage(), e);
                }
            }
        }
        log.info("killed at: {}; {} of {} harvests finished before their kill", killedAt, finishedFirst, trials);
        assertThat(finishedFirst).as("trials must kill harvests in flight (seed %d)", seed).isLessThan(trials);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void sigtermStopsAfterTheBatchInFlightAndRecordsTheRunAsStopped() throws Exception {
        LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        Path dataDir = tmp.resolve("sigterm");
        seedState(dataDir, before);
        OaiListing listing = listing(Instant.now());
        try (ArxivServer arxiv = ArxivServer.start()) {
            arxiv.route(request -> dripped(listing.answer(request)));
            Process child = startHarvest(dataDir, arxiv.baseUrl() + "/oai");
            while (arxiv.requests().size() < 2 && child.isAlive()) {
                Thread.sleep(1);
            }

            child.destroy();

            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String output = Files.readString(dataDir.resolve("harvest.log"));
        assertThat(output).contains("stopped before the end").doesNotContain("\tat ", "Exception");
        try (Database database = open(dataDir)) {
            HarvestState.SetState state = new HarvestState(database).find("cs").orElseThrow();
            assertThat(state.lastRun().outcome()).as(output).isEqualTo("stopped");
            assertThat(state.lastRun().endedAt()).isNotNull();
            assertThat(state.lastCompletedDay()).isEqualTo(before);
            assertThat(new Catalog(database).count()).isEqualTo(state.lastRun().added()).isBetween(1L, PAPERS - 1L);
        }
    }

    /**
     * Runs one harvest to its end, undisturbed, and returns when it first asked arXiv and when it ended (ms after its
     * start): the span the kills are spread over.
     */
    private long[] timeOneHarvest(ArxivServer arxiv, LocalDate before) throws Exception {
        Path dataDir = tmp.resolve("undisturbed");
        seedState(dataDir, before);
        int requestsBefore = arxiv.requests().size();
        long start = System.nanoTime();
        Process child = startHarvest(dataDir, arxiv.baseUrl() + "/oai");
        while (arxiv.requests().size() == requestsBefore && child.isAlive()) {
            Thread.sleep(1);
        }
        long firstRequest = (System.nanoTime() - start) / 1_000_000;
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long end = (System.nanoTime() - start) / 1_000_000;
        assertThat(child.exitValue()).as(Files.readString(dataDir.resolve("harvest.log"))).isZero();
        return new long[] {Math.max(1, firstRequest), Math.max(firstRequest + 1, end)};
    }

    /** A page takes a few hundred ms to arrive, so that kills land in every phase of a harvest. */
    private static ArxivServer.Reply dripped(ArxivServer.Reply reply) {
        return OaiListing.dripped(reply, DRIP_BYTES, DRIP_PAUSE_MILLIS);
    }

    /** Pages of new papers, each after the first also with version 2 of some papers of the page before. */
    private static OaiListing listing(Instant answered) {
        List<List<String>> pages = new ArrayList<>();
        for (int p = 0; p < PAGES; p++) {
            List<String> page = new ArrayList<>();
            for (int i = 0; i < NEW_PER_PAGE; i++) {
                page.add(OaiListing.record(p * NEW_PER_PAGE + i, 1));
                if (p > 0 && i < UPDATED_PER_PAGE) {
                    page.add(OaiListing.record((p - 1) * NEW_PER_PAGE + i, 2));
                }
            }
            pages.add(page);
        }
        return new OaiListing(pages, answered);
    }

    private static Map<String, Integer> newestVersions() {
        Map<String, Integer> newest = new HashMap<>();
        for (int n = 0; n < PAPERS; n++) {
            boolean updated = n < (PAGES - 1) * NEW_PER_PAGE && n % NEW_PER_PAGE < UPDATED_PER_PAGE;
            newest.put(OaiListing.id(n), updated ? 2 : 1);
        }
        return newest;
    }

    /** A store whose set cs was last harvested to completion two days ago. */
    private static void seedState(Path dataDir, LocalDate completed) {
        try (Database database = open(dataDir)) {
            HarvestState state = new HarvestState(database);
            HarvestReport report = new HarvestReport("cs", completed.minusDays(3), null);
            report.completed(completed);
            state.started("cs", completed.minusDays(3), null, Instant.now());
            state.ended(report, Instant.now());
        }
    }

    private Process startHarvest(Path dataDir, String oaiUrl) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-Dpaperboy.tty=false",
                "-cp", System.getProperty("java.class.path"), "org.paperboy.cli.PaperboyCommand",
                "harvest", "--data-dir", dataDir.toString(), "--set", "cs");
        builder.environment().keySet().removeIf(name -> name.startsWith("PAPERBOY_"));
        builder.environment().put("PAPERBOY_ARXIV_OAI_URL", oaiUrl);
        builder.environment().put("PAPERBOY_ARXIV_REQUEST_INTERVAL", "0");
        builder.directory(tmp.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(dataDir.resolve("harvest.log").toFile());
        return builder.start();
    }

    /** What a kill may leave: whole batches of right papers, and a state the killed run did not complete. */
    private static void checkAfterKill(Path dataDir, Map<String, Integer> newest, LocalDate before, LocalDate today) {
        try (Database database = open(dataDir)) {
            assertThat(integrityCheck(database)).isEqualTo("ok");
            List<Paper> stored = new ArrayList<>();
            new Catalog(database).forEach(stored::add);
            assertThat(stored).allSatisfy(p -> assertThat(p.version()).isBetween(1, newest.get(p.id().value())));
            HarvestState.SetState state = new HarvestState(database).find("cs").orElseThrow();
            if (today.equals(state.lastCompletedDay())) {
                assertThat(state.lastRun().outcome()).isEqualTo("completed");
                assertThat(stored).as("a run completes only after its last batch is stored").hasSize(PAPERS);
            } else {
                assertThat(state.lastCompletedDay()).as("only a completed run moves the day").isEqualTo(before);
                assertThat(state.lastRun().outcome().equals("running") || stored.isEmpty())
                        .as("killed while running, or before it began").isTrue();
            }
        }
    }

    private static void completeAndCheck(Path dataDir, ArxivServer arxiv, Map<String, Integer> newest,
                                         LocalDate before, LocalDate today) {
        try (Database database = open(dataDir)) {
            Catalog catalog = new Catalog(database);
            Settings settings = Settings.defaults().with(Settings.Key.ARXIV_OAI_URL, arxiv.baseUrl() + "/oai");
            Harvest harvest = new Harvest(settings, database, catalog, OaiHarvesterTest.quick(), Clock.systemUTC());
            LocalDate from = harvest.incrementalFrom("cs");
            assertThat(from).isIn(before.minusDays(1), today.minusDays(1));

            HarvestReport rerun = harvest.incremental("cs", () -> false);

            assertThat(rerun.outcome()).as(rerun.error()).isEqualTo(HarvestReport.Outcome.COMPLETED);
            Map<String, Integer> stored = new HashMap<>();
            List<String> twice = new ArrayList<>();
            catalog.forEach(p -> {
                if (stored.put(p.id().value(), p.version()) != null) {
                    twice.add(p.id().value());
                }
            });
            assertThat(twice).isEmpty();
            assertThat(stored).isEqualTo(newest);
            assertThat(distinctChangeSeqs(database)).isEqualTo(PAPERS);
            HarvestState.SetState state = harvest.state().find("cs").orElseThrow();
            assertThat(state.lastCompletedDay()).isEqualTo(today);
            assertThat(state.lastRun().outcome()).isEqualTo("completed");
        }
    }

    private static Database open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Database.open("jdbc:sqlite:" + dataDir.resolve("paperboy.db"), null, null);
    }

    private static String integrityCheck(Database database) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("PRAGMA integrity_check"); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static long distinctChangeSeqs(Database database) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(DISTINCT change_seq) FROM papers");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
