package org.paperboy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/** What the catalog promises, checked on each store it runs on (one subclass per store). */
abstract class CatalogContract {

    @TempDir
    Path tmp;

    Database database;
    Catalog catalog;

    /** A new, empty, migrated store. */
    abstract Database openDatabase(Path tmp);

    @BeforeEach
    void open() {
        database = openDatabase(tmp);
        catalog = new Catalog(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anEmptyCatalog() {
        assertThat(catalog.count()).isZero();
        assertThat(catalog.lastChangeSeq()).isZero();
        assertThat(catalog.changesSince(0, 10)).isEmpty();
        assertThat(catalog.recent(10, 0)).isEmpty();
        assertThat(catalog.find(new PaperId("2503.11731"))).isEmpty();
        List<Paper> visited = new ArrayList<>();
        catalog.forEach(visited::add);
        assertThat(visited).isEmpty();
        assertThat(catalog.upsert(List.of())).isEqualTo(new Catalog.UpsertResult(0, 0, 0, List.of()));
    }

    @Test
    void aPaperDatedInTheFutureIsRefusedWithItsBatch() {
        Catalog asOfMarch2025 = new Catalog(database, Clock.fixed(Instant.parse("2025-03-20T12:00:00Z"), ZoneOffset.UTC));
        Paper pinnedToTheTop = new Paper(new PaperId("2503.11732"), 1, "Forever new", "", List.of(), List.of(), null,
                null, null, null, null, null, LocalDate.of(9999, 12, 31));

        assertThatThrownBy(() -> asOfMarch2025.upsert(List.of(TestPapers.full("2503.11731", 1), pinnedToTheTop)))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("announcement day 9999-12-31 is in the future");
        assertThat(catalog.count()).isZero();
        assertThat(asOfMarch2025.upsert(List.of(TestPapers.full("2503.11731", 1))).added()).isEqualTo(1);
    }

    @Test
    void upsertAddsNewPapersAndStoresEveryFieldExactly() {
        Paper full = TestPapers.full("2503.11731", 2);
        Paper plain = TestPapers.paper("0704.0001");
        Paper oldStyle = TestPapers.paper("hep-th/9504118");
        Paper namespaced = new Paper(PaperId.namespaced("scifact", "4983"), 1, "Microstructural development", "Text.",
                List.of(), List.of(), null, null, null, null, null, null, null);

        Catalog.UpsertResult result = catalog.upsert(List.of(full, plain, oldStyle, namespaced));

        assertThat(result).isEqualTo(new Catalog.UpsertResult(4, 0, 0, List.of()));
        assertThat(catalog.count()).isEqualTo(4);
        assertThat(catalog.find(full.id())).contains(full);
        assertThat(catalog.find(plain.id())).contains(plain);
        assertThat(catalog.find(oldStyle.id())).contains(oldStyle);
        assertThat(catalog.find(namespaced.id())).contains(namespaced);
        assertThat(catalog.lastChangeSeq()).isEqualTo(4);
        assertThat(catalog.changesSince(0, 10)).extracting(Catalog.Change::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(catalog.changesSince(0, 10)).extracting(Catalog.Change::paper)
                .containsExactlyInAnyOrder(full, plain, oldStyle, namespaced);
    }

    @Test
    void theSameBatchAgainChangesNothing() {
        List<Paper> batch = List.of(TestPapers.full("2503.11731", 1), TestPapers.paper("2503.11732"), TestPapers.paper("2503.11733"));
        catalog.upsert(batch);
        long seq = catalog.lastChangeSeq();

        Catalog.UpsertResult again = catalog.upsert(batch);

        assertThat(again).isEqualTo(new Catalog.UpsertResult(0, 0, 3, List.of()));
        assertThat(catalog.lastChangeSeq()).isEqualTo(seq).isEqualTo(3);
        assertThat(catalog.changesSince(seq, 10)).isEmpty();
        assertThat(catalog.count()).isEqualTo(3);
        assertThat(storedChangeSeqs()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aNewerVersionUpdatesThePaperInPlace() {
        Paper v1 = TestPapers.paper("2503.11731", 1, "First title");
        catalog.upsert(List.of(v1, TestPapers.paper("2503.11732")));
        long before = catalog.lastChangeSeq();

        Paper v2 = TestPapers.paper("2503.11731", 2, "Revised title");
        Catalog.UpsertResult result = catalog.upsert(List.of(v2));

        assertThat(result).isEqualTo(new Catalog.UpsertResult(0, 1, 0, List.of()));
        assertThat(catalog.count()).isEqualTo(2);
        assertThat(catalog.find(v1.id())).contains(v2);
        assertThat(catalog.lastChangeSeq()).isEqualTo(before + 1);
        assertThat(catalog.changesSince(before, 10)).containsExactly(new Catalog.Change(before + 1, v2));
        assertThat(storedChangeSeqs()).containsExactly(2L, 3L);
    }

    @Test
    void theSameVersionWithCorrectedMetadataUpdates() {
        Paper original = TestPapers.paper("2503.11731", 1, "A title with a tpyo");
        catalog.upsert(List.of(original));
        Paper corrected = TestPapers.paper("2503.11731", 1, "A title with a typo fixed");

        assertThat(catalog.upsert(List.of(corrected))).isEqualTo(new Catalog.UpsertResult(0, 1, 0, List.of()));
        assertThat(catalog.find(original.id())).contains(corrected);
        assertThat(catalog.lastChangeSeq()).isEqualTo(2);
    }

    @Test
    void anOlderVersionIsReportedAndNotApplied() {
        Paper v3 = TestPapers.paper("2503.11731", 3, "Third version");
        catalog.upsert(List.of(v3));
        long before = catalog.lastChangeSeq();

        Paper v2 = TestPapers.paper("2503.11731", 2, "Second version");
        Paper other = TestPapers.paper("2503.11732");
        Catalog.UpsertResult result = catalog.upsert(List.of(v2, other));

        assertThat(result.olderThanStored()).containsExactly(v3.id());
        assertThat(result.added()).isEqualTo(1);
        assertThat(result.updated()).isZero();
        assertThat(result.unchanged()).isZero();
        assertThat(catalog.find(v3.id())).contains(v3);
        assertThat(catalog.lastChangeSeq()).isEqualTo(before + 1);
        assertThat(catalog.changesSince(before, 10)).extracting(c -> c.paper().id()).containsExactly(other.id());
    }

    @Test
    void withinOneBatchTheHighestVersionWinsAndEqualVersionsTakeTheLast() {
        Paper v2 = TestPapers.paper("2503.11731", 2, "Version two");
        Paper v1 = TestPapers.paper("2503.11731", 1, "Version one, listed later");
        Paper first = TestPapers.paper("2503.11732", 1, "Listed first");
        Paper last = TestPapers.paper("2503.11732", 1, "Listed last");

        Catalog.UpsertResult result = catalog.upsert(List.of(v2, first, v1, last));

        assertThat(result).isEqualTo(new Catalog.UpsertResult(2, 0, 0, List.of()));
        assertThat(catalog.find(v2.id())).contains(v2);
        assertThat(catalog.find(first.id())).contains(last);
        assertThat(catalog.lastChangeSeq()).isEqualTo(2);
    }

    @Test
    void recentListsTheLatestAnnouncedFirstThenUnannounced() {
        Paper march18 = announced("2503.00001", LocalDate.of(2025, 3, 18));
        Paper march20a = announced("2503.00002", LocalDate.of(2025, 3, 20));
        Paper march20b = announced("2503.00003", LocalDate.of(2025, 3, 20));
        Paper never = announced("2503.00004", null);
        Paper march19 = announced("2503.00005", LocalDate.of(2025, 3, 19));
        catalog.upsert(List.of(march18, march20a, march20b, never, march19));

        assertThat(catalog.recent(10, 0)).containsExactly(march20b, march20a, march19, march18, never);
        assertThat(catalog.recent(2, 0)).containsExactly(march20b, march20a);
        assertThat(catalog.recent(2, 2)).containsExactly(march19, march18);
        assertThat(catalog.recent(2, 4)).containsExactly(never);
        assertThat(catalog.recent(2, 6)).isEmpty();
    }

    @Test
    void forEachAndChangesSinceWalkALargeCatalogPageByPage() {
        int total = 2_501;
        List<Paper> papers = IntStream.range(0, total).mapToObj(TestPapers::synthetic).toList();
        // three batches, so the change sequence spans several transactions
        catalog.upsert(papers.subList(0, 1_000));
        catalog.upsert(papers.subList(1_000, 2_000));
        catalog.upsert(papers.subList(2_000, total));

        List<Paper> visited = new ArrayList<>();
        catalog.forEach(visited::add);
        assertThat(visited).containsExactlyElementsOf(papers); // synthetic ids are generated in id order

        List<Catalog.Change> firstPage = catalog.changesSince(0, 1_000);
        List<Catalog.Change> rest = catalog.changesSince(firstPage.getLast().seq(), 5_000);
        assertThat(firstPage).hasSize(1_000);
        assertThat(rest).hasSize(total - 1_000);
        List<Long> seqs = new ArrayList<>();
        firstPage.forEach(c -> seqs.add(c.seq()));
        rest.forEach(c -> seqs.add(c.seq()));
        assertThat(seqs).containsExactlyElementsOf(IntStream.rangeClosed(1, total).mapToObj(i -> (long) i).toList());
        assertThat(catalog.lastChangeSeq()).isEqualTo(total);
        assertThat(catalog.count()).isEqualTo(total);

        // More ids than one lookup statement takes: every one of them is recognised as already stored.
        assertThat(catalog.upsert(papers)).isEqualTo(new Catalog.UpsertResult(0, 0, total, List.of()));
        assertThat(catalog.lastChangeSeq()).isEqualTo(total);
    }

    @Test
    void readsSeeThisProcesssWritesAtOnce() {
        LocalDate day = LocalDate.parse("2025-03-17");
        Paper first = announced("2503.11731", day);
        catalog.upsert(List.of(first));
        assertThat(catalog.find(first.id())).contains(first);
        assertThat(catalog.announcedOn(day)).containsExactly(first);
        assertThat(catalog.latestAnnouncementDay()).contains(day);
        assertThat(catalog.count()).isEqualTo(1);

        Paper corrected = new Paper(first.id(), 2, "A corrected title", first.abstractText(), first.authors(),
                first.categories(), null, null, null, null, null, null, day);
        Paper second = announced("2503.11732", day.plusDays(1));
        catalog.upsert(List.of(corrected, second));
        assertThat(catalog.find(first.id())).contains(corrected);
        assertThat(catalog.announcedOn(day)).containsExactly(corrected);
        assertThat(catalog.latestAnnouncementDay()).contains(day.plusDays(1));
        assertThat(catalog.adjacentAnnouncementDay(day, false)).contains(day.plusDays(1));
        assertThat(catalog.recent(10, 0)).containsExactly(second, corrected);
        assertThat(catalog.count()).isEqualTo(2);
    }

    @Test
    void aRecordThatDoesNotKnowTheAnnouncementKeepsTheStoredDay() {
        LocalDate day = LocalDate.parse("2025-03-17");
        Paper listed = announced("2503.11731", day);
        catalog.upsert(List.of(listed));
        long seq = catalog.lastChangeSeq();

        // What OAI-PMH sends for the same version: everything but the announcement.
        assertThat(catalog.upsert(List.of(announced("2503.11731", null))))
                .isEqualTo(new Catalog.UpsertResult(0, 0, 1, List.of()));
        assertThat(catalog.lastChangeSeq()).isEqualTo(seq);

        Paper v2 = new Paper(listed.id(), 2, "A second version", listed.abstractText(), listed.authors(),
                listed.categories(), null, null, null, null, null, null, null);
        catalog.upsert(List.of(v2));
        assertThat(catalog.find(listed.id()).orElseThrow().announced()).isEqualTo(day);
        assertThat(catalog.find(listed.id()).orElseThrow().title()).isEqualTo("A second version");
    }

    @Test
    void readsSeeAnotherProcesssWritesWithinTheRecheckInterval() throws InterruptedException {
        Paper paper = TestPapers.paper("2503.11731");
        Catalog other = new Catalog(database);
        assertThat(catalog.find(paper.id())).isEmpty();
        assertThat(catalog.count()).isZero();
        other.upsert(List.of(paper));
        assertThat(catalog.find(paper.id())).as("a paper not found before is looked up again").contains(paper);

        Paper updated = new Paper(paper.id(), 2, "Updated elsewhere", paper.abstractText(), paper.authors(),
                paper.categories(), null, null, null, null, null, null, null);
        other.upsert(List.of(updated));
        Thread.sleep(CatalogReadCache.RECHECK_MILLIS + 100);
        assertThat(catalog.find(paper.id())).contains(updated);
        assertThat(catalog.count()).isEqualTo(1);
    }

    @Test
    void reopeningTheStoreKeepsEverything() {
        Paper paper = TestPapers.full("2503.11731", 3);
        catalog.upsert(List.of(paper));
        database.close();

        database = reopen(tmp);
        catalog = new Catalog(database);

        assertThat(catalog.find(paper.id())).contains(paper);
        assertThat(catalog.lastChangeSeq()).isEqualTo(1);
        assertThat(catalog.upsert(List.of(TestPapers.paper("2503.11732"))).added()).isEqualTo(1);
        assertThat(catalog.lastChangeSeq()).isEqualTo(2);
    }

    @Test
    void concurrentWritersOfTheSamePapersAllSucceedAndTheHighestVersionWins() throws Exception {
        int papers = 12;
        int versions = 6;
        List<Paper> all = new ArrayList<>();
        for (int n = 0; n < papers; n++) {
            for (int v = 1; v <= versions; v++) {
                all.add(TestPapers.paper(TestPapers.syntheticId(n), v, "Version " + v + " of paper " + n));
            }
        }
        java.util.Collections.shuffle(all, new java.util.Random(7));
        // Batches of three records in random order: each writer's batches overlap the others' papers.
        List<List<Paper>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 3) {
            batches.add(all.subList(from, from + 3));
        }

        List<Catalog.UpsertResult> results = allAtOnce(batches.stream()
                .<Callable<Catalog.UpsertResult>>map(batch -> () -> catalog.upsert(batch)).toList());

        for (int n = 0; n < papers; n++) {
            assertThat(catalog.find(TestPapers.id(TestPapers.syntheticId(n)))).map(Paper::version).contains(versions);
        }
        int added = results.stream().mapToInt(Catalog.UpsertResult::added).sum();
        int written = added + results.stream().mapToInt(Catalog.UpsertResult::updated).sum();
        assertThat(added).as("each paper is added once").isEqualTo(papers);
        assertThat(catalog.lastChangeSeq()).as("one sequence number per written row").isEqualTo(written);
        assertThat(storedChangeSeqs()).doesNotHaveDuplicates().allMatch(seq -> seq >= 1 && seq <= written);
        assertThat(catalog.changesSince(0, 1_000)).extracting(c -> c.paper().version()).containsOnly(versions);
    }

    @Test
    void concurrentInsertsOfTheSameNewPaperBothSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            Paper paper = TestPapers.paper(TestPapers.syntheticId(round));
            List<Catalog.UpsertResult> results = allAtOnce(java.util.Collections.nCopies(4,
                    () -> catalog.upsert(List.of(paper))));
            assertThat(results).extracting(Catalog.UpsertResult::added).containsExactlyInAnyOrder(1, 0, 0, 0);
            assertThat(results).extracting(Catalog.UpsertResult::unchanged).containsExactlyInAnyOrder(0, 1, 1, 1);
            assertThat(catalog.find(paper.id())).contains(paper);
        }
        assertThat(catalog.lastChangeSeq()).isEqualTo(5);
    }

    /** Runs every task on a thread of its own, all released at the same moment; fails if any of them failed. */
    private static <T> List<T> allAtOnce(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CyclicBarrier start = new CyclicBarrier(tasks.size());
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Opens the store of this test again (after {@link #open} and a close). */
    abstract Database reopen(Path tmp);

    private static Paper announced(String id, LocalDate day) {
        Paper p = TestPapers.paper(id);
        return new Paper(p.id(), 1, p.title(), p.abstractText(), p.authors(), p.categories(), null, null, null, null,
                null, null, day);
    }

    private List<Long> storedChangeSeqs() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT change_seq FROM papers ORDER BY change_seq");
                 ResultSet rs = s.executeQuery()) {
                List<Long> seqs = new ArrayList<>();
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
                return seqs;
            }
        });
    }
}
