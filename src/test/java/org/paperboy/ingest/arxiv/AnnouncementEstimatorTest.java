package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Announcement;
import org.paperboy.catalog.Announcements;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;

/** Announcement days estimated from harvested versions' dates: real arXivRaw records, and the estimate's limits. */
class AnnouncementEstimatorTest {

    @TempDir
    Path tmp;

    private Database database;
    private Catalog catalog;
    private Announcements announcements;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null);
        catalog = new Catalog(database);
        announcements = new Announcements(catalog);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** The captured arXivRaw ListRecords page (test resources arxiv/oai-pmh): six papers of April 2007, 12 versions. */
    @Test
    void estimatesEachVersionOfRealRecordsFromItsSubmissionTime() throws IOException {
        List<OaiRecord> records = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/arxiv/oai-pmh/mikesaelim_ListRecordsResponse.xml")) {
            new OaiReader().read(in, records::add, problem -> {});
        }
        catalog.upsert(records.stream().map(OaiRecord::paper).toList());
        AnnouncementEstimator estimator = estimator(Instant.parse("2015-01-06T20:49:59Z"));

        assertThat(estimator.estimateFor(records)).isEqualTo(12);
        assertThat(estimator.estimateFor(records)).as("the same batch again").isZero();

        // v1 Thu 5 Apr 2007 08:45 EDT (before Thursday's deadline) → Friday; v2 Fri 28 Sep 2007 11:13 EDT → Monday;
        // v3 Fri 29 Feb 2008 11:05 EST → Monday; v4 Fri 14 Nov 2008 04:07 EST → Monday.
        assertThat(day("0704.0716")).isEqualTo(LocalDate.parse("2007-04-06"));
        assertThat(listed("2007-04-06", "0704.0716")).isEqualTo("NEW estimated");
        assertThat(listed("2007-10-01", "0704.0716")).isEqualTo("REPLACE estimated");
        assertThat(listed("2008-03-03", "0704.0716")).isEqualTo("REPLACE estimated");
        assertThat(listed("2008-11-17", "0704.0716")).isEqualTo("REPLACE estimated");
        // Tue 3 Apr 2007 18:04 EDT, after Tuesday's deadline → Thursday; Mon 9 Apr 10:45 EDT → Tuesday; 16:13 → Wednesday.
        assertThat(day("0704.0471")).isEqualTo(LocalDate.parse("2007-04-05"));
        assertThat(day("0704.1109")).isEqualTo(LocalDate.parse("2007-04-10"));
        assertThat(day("0704.1114")).isEqualTo(LocalDate.parse("2007-04-11"));
    }

    @Test
    void arXivsOwnListingWinsOverTheEstimateWhicheverComesFirst() {
        OaiRecord record = record("2508.10001", Instant.parse("2025-08-18T19:00:00Z"), Instant.parse("2025-08-25T15:00:00Z"));
        catalog.upsert(List.of(record.paper()));
        AnnouncementEstimator estimator = estimator(Instant.parse("2025-09-01T12:00:00Z"));

        estimator.estimateFor(List.of(record));
        assertThat(day("2508.10001")).as("Mon 15:00 EDT → Wednesday").isEqualTo(LocalDate.parse("2025-08-20"));
        announcements.recordListing(List.of(new Announcement(TestPapers.id("2508.10001"), 1, AnnounceType.NEW,
                LocalDate.parse("2025-08-22"))));
        estimator.estimateFor(List.of(record));

        assertThat(day("2508.10001")).as("held by moderation for two days").isEqualTo(LocalDate.parse("2025-08-22"));
        assertThat(catalog.listing(LocalDate.parse("2025-08-20"))).isEmpty();
        assertThat(listed("2025-08-22", "2508.10001")).isEqualTo("NEW official");
        assertThat(listed("2025-08-26", "2508.10001")).as("v2 Mon 11:00 EDT → Tuesday").isEqualTo("REPLACE estimated");
    }

    @Test
    void aVersionTheScheduleWouldAnnounceAfterTheNextListingIsNotEstimated() {
        // Friday 14:30 EDT: the schedule says Tuesday; the harvest runs on Friday afternoon, when no listing is due
        // before Monday. OAI-PMH having it means a date or the schedule is wrong: better no estimate.
        OaiRecord record = record("2508.10001", Instant.parse("2025-08-22T18:30:00Z"));
        catalog.upsert(List.of(record.paper()));

        assertThat(estimator(Instant.parse("2025-08-22T19:00:00Z")).estimateFor(List.of(record))).isZero();
        assertThat(day("2508.10001")).isNull();
        assertThat(estimator(Instant.parse("2025-08-25T19:00:00Z")).estimateFor(List.of(record))).isEqualTo(1);
    }

    private AnnouncementEstimator estimator(Instant now) {
        return new AnnouncementEstimator(new ArxivSchedule(Set.of()), announcements, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static OaiRecord record(String id, Instant... versions) {
        List<OaiRecord.Version> dated = new ArrayList<>();
        for (int i = 0; i < versions.length; i++) {
            dated.add(new OaiRecord.Version(i + 1, versions[i], "100kb"));
        }
        Paper p = TestPapers.paper(id, versions.length, "A study of " + id);
        Paper paper = new Paper(p.id(), p.version(), p.title(), p.abstractText(), p.authors(), p.categories(), null, null,
                null, null, versions[0], versions[versions.length - 1], null);
        return new OaiRecord(paper, LocalDate.ofInstant(versions[versions.length - 1], ZoneOffset.UTC), List.of("cs"),
                dated, false);
    }

    private LocalDate day(String id) {
        return catalog.find(TestPapers.id(id)).orElseThrow().announced();
    }

    private String listed(String day, String id) {
        PaperId paper = TestPapers.id(id);
        return catalog.listing(LocalDate.parse(day)).stream().filter(l -> l.paper().id().equals(paper))
                .map(l -> l.type() + (l.estimated() ? " estimated" : " official")).findFirst().orElse("not listed");
    }
}
