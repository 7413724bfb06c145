package org.paperboy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paperboy.catalog.AnnounceType.CROSS;
import static org.paperboy.catalog.AnnounceType.NEW;
import static org.paperboy.catalog.AnnounceType.REPLACE;
import static org.paperboy.catalog.AnnounceType.REPLACE_CROSS;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/** What the announcements promise (official listings, estimates, the day lists), on each store (one subclass per store). */
abstract class AnnouncementsContract {

    static final LocalDate DAY = LocalDate.parse("2025-08-20");
    static final LocalDate NEXT_DAY = LocalDate.parse("2025-08-21");
    static final LocalDate IMPORTED_DAY = LocalDate.parse("2025-08-11");

    @TempDir
    Path tmp;

    Database database;
    Catalog catalog;
    Announcements announcements;

    /** A new, empty, migrated store. */
    abstract Database openDatabase(Path tmp);

    @BeforeEach
    void open() {
        database = openDatabase(tmp);
        catalog = new Catalog(database);
        announcements = new Announcements(catalog);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aListingSetsTheDayOfItsNewSubmissionsAndSaysWhichPapersTheCatalogLacks() {
        catalog.upsert(List.of(paper("2508.10001", null), paper("2508.10002", null), paper("2501.00001", IMPORTED_DAY)));

        Announcements.Recorded recorded = announcements.recordListing(List.of(
                listed("2508.10001", 1, NEW, DAY), listed("2508.10002", 1, CROSS, DAY),
                listed("2501.00001", 2, REPLACE, DAY), listed("2508.19999", 3, REPLACE_CROSS, DAY),
                listed("2508.10009", 1, NEW, DAY)));

        assertThat(recorded.missing()).extracting(PaperId::value).containsExactly("2508.10009", "2508.19999");
        assertThat(recorded.changed()).isEqualTo(5);
        assertThat(day("2508.10001")).isEqualTo(DAY);
        assertThat(day("2508.10002")).as("a cross-list does not say when the paper was new").isNull();
        assertThat(day("2501.00001")).as("a replacement keeps the first announcement").isEqualTo(IMPORTED_DAY);
        assertThat(catalog.listing(DAY)).extracting(l -> l.paper().id().value() + " " + l.type() + " " + l.estimated())
                .containsExactly("2508.10001 NEW false", "2508.10002 CROSS false", "2501.00001 REPLACE false");
        assertThat(catalog.listing(IMPORTED_DAY)).extracting(l -> l.paper().id().value() + " " + l.type())
                .containsExactly("2501.00001 NEW");
    }

    @Test
    void recordingTheSameListingTwiceChangesNothing() {
        catalog.upsert(List.of(paper("2508.10001", null), paper("2508.10002", null)));
        List<Announcement> listing = List.of(listed("2508.10001", 1, NEW, DAY), listed("2508.10002", 1, CROSS, DAY),
                listed("2508.10009", 1, NEW, DAY));
        announcements.recordListing(listing);
        long seq = catalog.lastChangeSeq();
        List<ListedPaper> before = catalog.listing(DAY);

        Announcements.Recorded again = announcements.recordListing(listing);

        assertThat(again.changed()).isZero();
        assertThat(again.missing()).extracting(PaperId::value).containsExactly("2508.10009");
        assertThat(catalog.lastChangeSeq()).isEqualTo(seq);
        assertThat(catalog.listing(DAY)).isEqualTo(before);
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void aPaperStoredAfterItsListingTakesItsDayFromIt() {
        announcements.recordListing(List.of(listed("2508.10009", 1, NEW, DAY), listed("2508.10008", 1, CROSS, DAY)));
        assertThat(catalog.listing(DAY)).isEmpty();

        catalog.upsert(List.of(paper("2508.10009", null), paper("2508.10008", null)));

        assertThat(day("2508.10009")).isEqualTo(DAY);
        assertThat(day("2508.10008")).isNull();
        assertThat(catalog.listing(DAY)).extracting(l -> l.paper().id().value() + " " + l.type())
                .containsExactly("2508.10009 NEW", "2508.10008 CROSS");
        catalog.upsert(List.of(TestPapers.paper("2508.10009", 2, "A second version")));
        assertThat(day("2508.10009")).as("a newer version without a day keeps it").isEqualTo(DAY);
    }

    @Test
    void anOfficialListingReplacesTheEstimatesOfTheSameVersion() {
        catalog.upsert(List.of(paper("2508.10001", null)));
        LocalDate estimatedNew = LocalDate.parse("2025-08-19");
        LocalDate estimatedReplacement = LocalDate.parse("2025-08-26");
        assertThat(announcements.recordEstimates(List.of(listed("2508.10001", 1, NEW, estimatedNew),
                listed("2508.10001", 2, REPLACE, estimatedReplacement)))).isEqualTo(2);
        assertThat(day("2508.10001")).isEqualTo(estimatedNew);
        assertThat(catalog.listing(estimatedNew)).extracting(l -> l.type() + " " + l.estimated()).containsExactly("NEW true");

        announcements.recordListing(List.of(listed("2508.10001", 1, NEW, DAY)));

        assertThat(day("2508.10001")).isEqualTo(DAY);
        assertThat(catalog.listing(estimatedNew)).isEmpty();
        assertThat(catalog.listing(DAY)).extracting(l -> l.type() + " " + l.estimated()).containsExactly("NEW false");
        assertThat(catalog.listing(estimatedReplacement)).extracting(l -> l.type() + " " + l.estimated())
                .containsExactly("REPLACE true");

        announcements.recordListing(List.of(listed("2508.10001", 2, REPLACE_CROSS, NEXT_DAY.plusDays(6))));

        assertThat(catalog.listing(estimatedReplacement)).isEmpty();
        assertThat(catalog.listing(NEXT_DAY.plusDays(6))).extracting(l -> l.type() + " " + l.estimated())
                .containsExactly("REPLACE_CROSS false");
        assertThat(day("2508.10001")).isEqualTo(DAY);
    }

    @Test
    void anEstimateIsMadeOnlyWhereNothingIsKnown() {
        catalog.upsert(List.of(paper("2508.10001", null), paper("2501.00001", IMPORTED_DAY)));
        announcements.recordListing(List.of(listed("2508.10001", 1, NEW, DAY), listed("2508.10001", 2, REPLACE, NEXT_DAY)));
        long seq = catalog.lastChangeSeq();

        int written = announcements.recordEstimates(List.of(
                listed("2508.10001", 1, NEW, DAY.minusDays(1)),
                listed("2508.10001", 2, REPLACE, NEXT_DAY.plusDays(1)),
                listed("2501.00001", 1, NEW, IMPORTED_DAY.minusDays(1)),
                listed("2508.10009", 1, NEW, DAY)));

        assertThat(written).as("known days, known replacements, papers the catalog lacks").isZero();
        assertThat(catalog.lastChangeSeq()).isEqualTo(seq);
        assertThat(day("2508.10001")).isEqualTo(DAY);
        assertThat(day("2501.00001")).isEqualTo(IMPORTED_DAY);
        assertThat(catalog.listing(DAY.minusDays(1))).isEmpty();
        assertThat(catalog.listing(IMPORTED_DAY.minusDays(1))).isEmpty();

        assertThat(announcements.recordEstimates(List.of(listed("2501.00001", 2, REPLACE, DAY)))).isEqualTo(1);
        assertThat(announcements.recordEstimates(List.of(listed("2501.00001", 2, REPLACE, DAY)))).as("twice").isZero();
        assertThat(announcements.recordEstimates(List.of(listed("2501.00001", 2, REPLACE, NEXT_DAY))))
                .as("an estimate, once made, stays until arXiv's listing replaces it").isZero();
        assertThatThrownBy(() -> announcements.recordEstimates(List.of(listed("2501.00001", 1, CROSS, DAY))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDaysListingShowsNewSubmissionsThenCrossListsThenReplacementsEachInIdOrder() {
        catalog.upsert(List.of(paper("2508.00005", DAY), paper("2508.00001", null), paper("2508.00002", null),
                paper("2508.00003", null), paper("2501.00009", null), paper("2501.00008", null), paper("2402.00007", null)));

        announcements.recordListing(List.of(listed("2508.00003", 1, CROSS, DAY), listed("2402.00007", 4, REPLACE_CROSS, DAY),
                listed("2501.00009", 2, REPLACE, DAY), listed("2508.00002", 1, NEW, DAY),
                listed("2508.00001", 1, CROSS, DAY), listed("2501.00008", 3, REPLACE, DAY)));

        assertThat(catalog.listing(DAY)).extracting(l -> l.paper().id().value() + " " + l.type().code())
                .containsExactly("2508.00002 new", "2508.00005 new", "2508.00001 cross", "2508.00003 cross",
                        "2501.00008 replace", "2501.00009 replace", "2402.00007 replace-cross");
        assertThat(catalog.announcedOn(DAY)).hasSize(7);
    }

    @Test
    void aPaperListedTwiceOnOneDayKeepsItsFirstListing() {
        catalog.upsert(List.of(paper("2508.10001", null)));

        announcements.recordListing(List.of(listed("2508.10001", 1, CROSS, DAY), listed("2508.10001", 1, NEW, DAY)));
        assertThat(announcements.recordListing(List.of(listed("2508.10001", 1, CROSS, DAY))).changed()).isZero();

        assertThat(catalog.listing(DAY)).extracting(ListedPaper::type).containsExactly(NEW);
        assertThat(day("2508.10001")).isEqualTo(DAY);
    }

    @Test
    void theDayListAndTheSearchIndexFollowAListingAtOnce() {
        catalog.upsert(List.of(paper("2508.10001", DAY), paper("2501.00001", IMPORTED_DAY)));
        assertThat(catalog.listing(DAY)).hasSize(1);
        long seq = catalog.lastChangeSeq();

        announcements.recordListing(List.of(listed("2501.00001", 2, REPLACE, DAY)));

        assertThat(catalog.listing(DAY)).extracting(l -> l.paper().id().value()).containsExactly("2508.10001", "2501.00001");
        assertThat(catalog.changesSince(seq, 10)).extracting(c -> c.paper().id().value()).containsExactly("2501.00001");
    }

    @Test
    void aListingThatWouldDateAPaperInTheFutureIsRefusedWhole() {
        catalog.upsert(List.of(paper("2508.10001", null)));

        assertThatThrownBy(() -> announcements.recordListing(List.of(listed("2508.10002", 1, NEW, DAY),
                listed("2508.10001", 1, NEW, LocalDate.of(9999, 12, 31)))))
                .isInstanceOf(InvalidPaperException.class).hasMessageContaining("in the future");
        assertThat(rows()).isZero();
        assertThat(day("2508.10001")).isNull();
    }

    static Paper paper(String id, LocalDate announced) {
        Paper p = TestPapers.paper(id);
        return new Paper(p.id(), 1, p.title(), p.abstractText(), p.authors(), p.categories(), null, null, null, null,
                null, null, announced);
    }

    static Announcement listed(String id, int version, AnnounceType type, LocalDate day) {
        return new Announcement(TestPapers.id(id), version, type, day);
    }

    private LocalDate day(String id) {
        return catalog.find(TestPapers.id(id)).orElseThrow().announced();
    }

    private long rows() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM announcements");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
