package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.Fixtures;
import org.paperboy.testing.OaiListing;
import org.paperboy.testing.TestPapers;

/**
 * The harvester against a real loopback server that serves arXivRaw listings over several pages and misbehaves the
 * ways arXiv and the network do, storing into a real SQLite catalog.
 */
class OaiHarvesterTest {

    static final Instant ANSWERED = Instant.parse("2025-11-21T02:00:00Z");
    private static final LocalDate FROM = LocalDate.parse("2025-11-19");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-22T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Database database;
    private Catalog catalog;
    private ArxivServer arxiv;
    private final List<List<OaiRecord>> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("paperboy.db"), null, null);
        catalog = new Catalog(database);
        arxiv = ArxivServer.start();
    }

    @AfterEach
    void close() {
        arxiv.close();
        database.close();
    }

    /** Quick to give up, so that a test of a hang takes a second, not minutes. */
    static ArxivHttp.Options quick() {
        return new ArxivHttp.Options(Duration.ZERO, Duration.ofSeconds(2), Duration.ofMillis(800), 3,
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    private HarvestReport harvest(OaiListing listing, LocalDate until) {
        arxiv.route(listing::answer);
        return harvest(until);
    }

    private HarvestReport harvest(LocalDate until) {
        ArxivHttp http = ArxivHttp.open(database, Settings.defaults(), quick());
        OaiHarvester harvester = new OaiHarvester(http, arxiv.baseUrl() + "/oai", catalog, CLOCK, 5);
        return harvester.harvest("cs", FROM, until, new OaiHarvester.Listener() {
            @Override
            public void batchStored(List<OaiRecord> batch) {
                batches.add(batch);
            }
        }, () -> false);
    }

    @Test
    void followsResumptionTokensToTheEndAndStoresInBatches() {
        HarvestReport report = harvest(OaiListing.ofPapers(3, 7, ANSWERED), LocalDate.parse("2025-11-21"));

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.COMPLETED);
        assertThat(report.responseDay()).isEqualTo(LocalDate.parse("2025-11-21"));
        assertThat(report.records()).isEqualTo(21);
        assertThat(report.added()).isEqualTo(21);
        assertThat(report.pages()).isEqualTo(3);
        assertThat(report.requests()).isEqualTo(3);
        assertThat(catalog.count()).isEqualTo(21);
        assertThat(catalog.find(TestPapers.id(OaiListing.id(20)))).get().extracting(Paper::title)
                .isEqualTo(OaiListing.title(20, 1));

        List<ArxivServer.Request> requests = arxiv.requests();
        assertThat(requests.getFirst().parameters()).containsExactly(Map.entry("verb", "ListRecords"),
                Map.entry("metadataPrefix", "arXivRaw"), Map.entry("set", "cs"), Map.entry("from", "2025-11-19"),
                Map.entry("until", "2025-11-21"));
        assertThat(requests.subList(1, 3)).allSatisfy(r -> assertThat(r.parameters().keySet())
                .containsExactly("verb", "resumptionToken"));
        assertThat(batches).extracting(List::size).containsExactly(5, 5, 5, 5, 1);
        assertThat(batches.getFirst().getFirst().versions()).hasSize(1);
    }

    @Test
    void waitsOutA503WithRetryAfterAndA429InTheMiddle() throws Exception {
        String maintenance = Files.readString(Fixtures.resource("/arxiv/oai-pmh/paperhive_http503_retry_after.html"));
        OaiListing listing = OaiListing.ofPapers(3, 4, ANSWERED)
                .faultsBefore(1, Reply.status(503, Map.of("Retry-After", "1"), maintenance))
                .faultsBefore(2, Reply.status(429, Map.of("Retry-After", "1"), "Rate exceeded"));

        HarvestReport report = harvest(listing, null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.COMPLETED);
        assertThat(report.requests()).isEqualTo(5);
        assertThat(report.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(catalog.count()).isEqualTo(12);
        assertThat(arxiv.requests().getFirst().parameters()).doesNotContainKey("until");
    }

    @Test
    void anExpiredResumptionTokenRestartsTheListingFromTheSameDayLosingAndDuplicatingNothing() {
        OaiListing listing = OaiListing.ofPapers(4, 3, ANSWERED).refuseTokenOnce(2);

        HarvestReport report = harvest(listing, null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.COMPLETED);
        assertThat(report.restarts()).isEqualTo(1);
        List<ArxivServer.Request> requests = arxiv.requests();
        assertThat(requests).hasSize(4 + 3); // two pages, the refusal, then all four again
        assertThat(requests.get(3).parameters()).containsEntry("from", "2025-11-19").doesNotContainKey("resumptionToken");
        assertThat(catalog.count()).isEqualTo(12);
        assertThat(report.added()).isEqualTo(12);
        assertThat(report.unchanged()).isEqualTo(6); // the first two pages, read again
    }

    @Test
    void aTokenRefusedAgainAndAgainFailsAfterABoundedNumberOfRestarts() {
        HarvestReport report = harvest(OaiListing.ofPapers(2, 3, ANSWERED).refuseEveryToken(), null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.FAILED);
        assertThat(report.error()).contains("refused its own resumption token 4 times").contains("badResumptionToken");
        assertThat(arxiv.requests()).hasSize(2 * (OaiHarvester.MAX_RESTARTS + 1));
    }

    @Test
    void aResetConnectionAndABodyCutOffMidPageAreReadAgainCountingEachRecordOnce() {
        OaiListing listing = OaiListing.ofPapers(3, 6, ANSWERED);
        String secondPage = OaiListing.page(ANSWERED, List.of(OaiListing.record(6, 1), OaiListing.record(7, 1),
                OaiListing.record(8, 1), OaiListing.record(9, 1)), null);
        int afterThreeRecords = secondPage.indexOf("<record>", secondPage.indexOf(OaiListing.id(8)));
        listing.faultsBefore(1, Reply.reset(), Reply.cutOff(secondPage, afterThreeRecords));

        HarvestReport report = harvest(listing, null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.COMPLETED);
        assertThat(report.records()).isEqualTo(18);
        assertThat(report.added()).isEqualTo(18);
        assertThat(report.unchanged()).isZero();
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(18);
        assertThat(catalog.count()).isEqualTo(18);
    }

    @Test
    void aTokenAnsweredWithItselfFailsRatherThanLoopingForever() {
        arxiv.route(request -> Reply.xml(OaiListing.page(ANSWERED, List.of(OaiListing.record(1, 1)), "7|1")));

        HarvestReport report = harvest(null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.FAILED);
        assertThat(report.error()).contains("the same token again");
        assertThat(arxiv.requests()).hasSize(2);
    }

    @Test
    void noRecordsMatchIsACompletedHarvestOfNothing() {
        arxiv.enqueue(Reply.resource("/arxiv/oai-pmh/mikesaelim_ErrorResponseNoRecordsMatch.xml"));

        HarvestReport report = harvest(null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.COMPLETED);
        assertThat(report.records()).isZero();
        assertThat(report.responseDay()).isEqualTo(LocalDate.parse("2015-06-23"));
    }

    @Test
    void badArgumentFailsWithArxivsMessage() {
        arxiv.enqueue(Reply.resource("/arxiv/oai-pmh/mikesaelim_ErrorResponseBadArgument.xml"));

        HarvestReport report = harvest(null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.FAILED);
        assertThat(report.error()).startsWith("arXiv refused the harvest: badArgument: ").contains("illegal argument");
    }

    @Test
    void aMalformedRecordIsSkippedAndReportedWithItsIdAndReason() {
        List<String> records = new ArrayList<>(List.of(OaiListing.record(1, 1),
                OaiListing.record("not-an-id", "Broken", 1, "text"),
                OaiListing.record(2, 1).replace("Mon, 3 Nov 2025", "Tue, 3 Nov 2099"),
                OaiListing.record(3, 1)));
        arxiv.route(request -> Reply.xml(OaiListing.page(ANSWERED, records, null)));

        HarvestReport report = harvest(null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.COMPLETED);
        assertThat(report.records()).isEqualTo(4);
        assertThat(report.added()).isEqualTo(2);
        assertThat(report.skipped()).isEqualTo(2);
        assertThat(report.skippedListed()).satisfiesExactly(
                first -> assertThat(first).startsWith("oai:arXiv.org:not-an-id: invalid arXiv id 'not-an-id'"),
                second -> assertThat(second).startsWith("oai:arXiv.org:" + OaiListing.id(2) + ": submission time")
                        .contains("in the future"));
    }

    @Test
    void aNewerVersionUpdatesAStoredPaperAndAnOlderOneChangesNothing() {
        arxiv.route(request -> Reply.xml(OaiListing.page(ANSWERED, List.of(OaiListing.record(1, 2)), null)));
        assertThat(harvest(null).added()).isEqualTo(1);

        arxiv.route(request -> Reply.xml(OaiListing.page(ANSWERED, List.of(OaiListing.record(1, 3)), null)));
        assertThat(harvest(null).updated()).isEqualTo(1);

        arxiv.route(request -> Reply.xml(OaiListing.page(ANSWERED, List.of(OaiListing.record(1, 1)), null)));
        HarvestReport older = harvest(null);
        assertThat(older.olderThanStored()).isEqualTo(1);
        assertThat(older.added() + older.updated()).isZero();

        Paper stored = catalog.find(TestPapers.id(OaiListing.id(1))).orElseThrow();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.title()).isEqualTo(OaiListing.title(1, 3));
        assertThat(stored.updatedAt()).isEqualTo(Instant.parse("2025-11-05T10:00:00Z"));
    }

    @Test
    void aMalformedPageFailsTheHarvestClearlyKeepingTheRecordsStoredBefore() {
        String broken = OaiListing.page(ANSWERED, List.of(OaiListing.record(50, 1)), null)
                .replace("</record>", "</recor>");
        OaiListing listing = OaiListing.ofPapers(2, 5, ANSWERED).faultsBefore(1, Reply.xml(broken));

        HarvestReport report = harvest(listing, null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.FAILED);
        assertThat(report.error()).startsWith("arXiv sent a page that cannot be read: malformed OAI-PMH response");
        assertThat(catalog.count()).isEqualTo(5);
        assertThat(arxiv.requests()).hasSize(2);
    }

    @Test
    void anExternalEntityIsRefusedWithoutBeingFetched() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret");
        arxiv.route(request -> Reply.xml("""
                <?xml version="1.0"?>
                <!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM "%s">]>
                <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-11-21T00:00:00Z</responseDate>
                <ListRecords>%s</ListRecords></OAI-PMH>""".formatted(secret.toUri(),
                OaiListing.record(1, 1).replace("Ada Lovelace and", "&xxe; and"))));

        HarvestReport report = harvest(null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.FAILED);
        assertThat(report.error()).contains("DOCTYPE is not allowed").doesNotContain("the-secret");
        assertThat(catalog.count()).isZero();
    }

    @Test
    void billionLaughsIsRefusedWithoutExpandingAnything() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE OAI-PMH [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        arxiv.route(request -> Reply.xml("<?xml version=\"1.0\"?>" + dtd + "]>"
                + "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2025-11-21T00:00:00Z"
                + "</responseDate><ListRecords>" + OaiListing.record(1, 1).replace("Synthetic", "&lol9;")
                + "</ListRecords></OAI-PMH>"));
        long start = System.nanoTime();

        HarvestReport report = harvest(null);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.FAILED);
        assertThat(report.error()).contains("DOCTYPE is not allowed").doesNotContain("lollol");
        assertThat(catalog.count()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void stoppingEndsTheHarvestAfterTheBatchInFlightIsStored() {
        arxiv.route(OaiListing.ofPapers(3, 7, ANSWERED)::answer);
        ArxivHttp http = ArxivHttp.open(database, Settings.defaults(), quick());
        OaiHarvester harvester = new OaiHarvester(http, arxiv.baseUrl() + "/oai", catalog, CLOCK, 5);

        HarvestReport report = harvester.harvest("cs", FROM, null, new OaiHarvester.Listener() {}, () -> catalog.count() >= 5);

        assertThat(report.outcome()).isEqualTo(HarvestReport.Outcome.STOPPED);
        assertThat(catalog.count()).isEqualTo(5);
        assertThat(arxiv.requests()).hasSize(1);
    }

    @Test
    void aServerClockAheadOfOursDoesNotMoveTheCompletedDayPastToday() {
        HarvestReport report = harvest(OaiListing.ofPapers(1, 1, Instant.parse("2031-01-01T00:00:00Z")), null);

        assertThat(report.responseDay()).isEqualTo(LocalDate.parse("2025-11-22"));
    }
}
