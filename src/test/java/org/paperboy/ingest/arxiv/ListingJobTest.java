package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Announcements;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.config.Settings;
import org.paperboy.storage.Database;
import org.paperboy.testing.ArxivServer;
import org.paperboy.testing.ArxivServer.Reply;
import org.paperboy.testing.TestPapers;

/** The listing job against a loopback server standing in for rss.arxiv.org, over a real SQLite store. */
class ListingJobTest {

    private static final LocalDate DAY = LocalDate.parse("2025-08-20");
    /** Wednesday 20 August 2025, 06:00 in New York: the feed holds the listing of the day. */
    private static final Clock WEDNESDAY = Clock.fixed(Instant.parse("2025-08-20T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private ArxivServer arxiv;
    private Database database;
    private Catalog catalog;
    private ListingReads reads;
    private final List<List<PaperId>> fetched = new ArrayList<>();

    @BeforeEach
    void open() {
        arxiv = ArxivServer.start();
        database = Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null);
        catalog = new Catalog(database);
        reads = new ListingReads(database);
    }

    @AfterEach
    void close() {
        database.close();
        arxiv.close();
    }

    @Test
    void readsTheFeedOfTheConfiguredCategoriesRecordsItAndFetchesWhatTheCatalogLacks() throws Exception {
        arxiv.enqueue(Reply.resource(ListingReaderTest.FEED));
        catalog.upsert(List.of(paper("2508.14001"), paper("2508.13426")));

        ListingRun run = job("cs,cs:cs:AI,physics:hep-th", WEDNESDAY).run(ids -> {
            fetched.add(ids);
            catalog.upsert(ids.stream().map(id -> paper(id.value())).toList());
        });

        assertThat(arxiv.requests()).singleElement().extracting(ArxivServer.Request::path).isEqualTo("/atom/cs+cs.AI+hep-th");
        assertThat(run.day()).isEqualTo(DAY);
        assertThat(run.counts()).isEqualTo(Map.of(AnnounceType.NEW, 2, AnnounceType.CROSS, 5, AnnounceType.REPLACE, 0,
                AnnounceType.REPLACE_CROSS, 0));
        assertThat(run.missing()).extracting(PaperId::value)
                .containsExactly("2508.14002", "2508.13428", "2508.13429", "2508.13434", "2508.13435");
        assertThat(fetched).containsExactly(run.missing());
        assertThat(run.summary()).isEqualTo("listing of 2025-08-20 (cs+cs.AI+hep-th): 2 new, 5 cross, 0 replace, "
                + "0 replace-cross; 7 rows changed; 5 papers not in the catalog");
        assertThat(catalog.find(TestPapers.id("2508.14002")).orElseThrow().announced())
                .as("fetched after the listing was recorded").isEqualTo(DAY);
        assertThat(catalog.listing(DAY)).extracting(l -> l.paper().id().value() + " " + l.type().code()).containsExactly(
                "2508.14001 new", "2508.14002 new", "2508.13426 cross", "2508.13428 cross", "2508.13429 cross",
                "2508.13434 cross", "2508.13435 cross");

        ListingReads.LastRead last = reads.last().orElseThrow();
        assertThat(last.feed()).isEqualTo("cs+cs.AI+hep-th");
        assertThat(last.error()).isNull();
        assertThat(last.day()).isEqualTo(DAY);
        assertThat(last.succeededAt()).isEqualTo(WEDNESDAY.instant());
        assertThat(last.counts()).containsEntry(AnnounceType.NEW, 2).containsEntry(AnnounceType.CROSS, 5);
        assertThat(last.missing()).isEqualTo(5);
    }

    @Test
    void readingTheSameFeedTwiceChangesNothing() throws Exception {
        arxiv.enqueue(Reply.resource(ListingReaderTest.FEED), Reply.resource(ListingReaderTest.FEED));
        catalog.upsert(List.of(paper("2508.14001"), paper("2508.13426")));
        ListingJob job = job("cs:cs:AI", WEDNESDAY);
        job.run(ids -> {});
        long seq = catalog.lastChangeSeq();
        long rows = announcementRows();

        ListingRun again = job.run(ids -> {});

        assertThat(again.changed()).isZero();
        assertThat(again.counts()).containsEntry(AnnounceType.CROSS, 5);
        assertThat(catalog.lastChangeSeq()).isEqualTo(seq);
        assertThat(announcementRows()).isEqualTo(rows).isEqualTo(7);
    }

    @Test
    void anEmptyFeedRecordsNothingAndSaysSo() throws Exception {
        String empty = ListingReaderTest.feed("");
        arxiv.enqueue(Reply.xml(empty), Reply.xml(empty));

        ListingRun saturday = job("cs", Clock.fixed(Instant.parse("2025-08-23T16:00:00Z"), ZoneOffset.UTC)).run(fetched::add);
        ListingRun wednesday = job("cs", WEDNESDAY).run(fetched::add);

        assertThat(saturday.empty()).isTrue();
        assertThat(saturday.day()).isNull();
        assertThat(saturday.summary()).isEqualTo("the feed cs is empty: no listing today (a weekend or a holiday)");
        assertThat(wednesday.summary()).isEqualTo("the feed cs is empty: arXiv's schedule has a listing today, so it may be late");
        assertThat(fetched).isEmpty();
        assertThat(announcementRows()).isZero();
        ListingReads.LastRead last = reads.last().orElseThrow();
        assertThat(last.error()).isNull();
        assertThat(last.day()).isNull();
        assertThat(last.counts().values()).containsOnly(0);
    }

    @Test
    void aMalformedFeedFailsWithAClearErrorAndRecordsNothing() throws Exception {
        arxiv.enqueue(Reply.resource(ListingReaderTest.FEED));
        job("cs", WEDNESDAY).run(ids -> {});
        String truncated = ListingReaderTest.feed(ListingReaderTest.entry("2508.20001v1", "new", "2025-08-21T00:00:00-04:00"))
                .replace("</feed>", "<entry><id>oai:arXiv.org:2508.20002v1");
        arxiv.enqueue(Reply.xml(truncated), Reply.xml("<html><body>Service Unavailable</body></html>"));
        ListingJob thursday = job("cs", Clock.fixed(Instant.parse("2025-08-21T10:00:00Z"), ZoneOffset.UTC));

        assertThatThrownBy(() -> thursday.run(fetched::add)).isInstanceOf(MalformedResponseException.class)
                .hasMessageStartingWith("malformed Atom feed");
        assertThatThrownBy(() -> thursday.run(fetched::add)).isInstanceOf(MalformedResponseException.class)
                .hasMessage("not an Atom feed: its root element is <html>");

        assertThat(fetched).isEmpty();
        assertThat(announcementRows()).as("only Wednesday's listing").isEqualTo(7);
        assertThat(catalog.listing(LocalDate.parse("2025-08-21"))).isEmpty();
        ListingReads.LastRead last = reads.last().orElseThrow();
        assertThat(last.error()).isEqualTo("not an Atom feed: its root element is <html>");
        assertThat(last.attemptedAt()).isEqualTo(Instant.parse("2025-08-21T10:00:00Z"));
        assertThat(last.succeededAt()).as("the last success is kept").isEqualTo(WEDNESDAY.instant());
        assertThat(last.day()).isEqualTo(DAY);
    }

    @Test
    void theFeedsUrlNamesEachSetAsTheFeedsDo() {
        assertThat(ListingJob.feedUri("https://rss.arxiv.org/atom/", List.of("cs", "cs:cs:AI", "physics:hep-th")))
                .hasToString("https://rss.arxiv.org/atom/cs+cs.AI+hep-th");
        assertThat(ListingJob.feedUri("https://mirror.example/atom", List.of("math", "math:math:AG", "physics:astro-ph:CO")))
                .hasToString("https://mirror.example/atom/math+math.AG+astro-ph.CO");
        assertThat(Stream.of("cs", "physics:quant-ph", "q-bio:q-bio:NC").map(ListingJob::feedCategory))
                .containsExactly("cs", "quant-ph", "q-bio.NC");
    }

    private ListingJob job(String sets, Clock clock) {
        Settings settings = Settings.defaults().with(Settings.Key.ARXIV_SETS, sets)
                .with(Settings.Key.ARXIV_LISTING_URL, arxiv.baseUrl() + "/atom/");
        ArxivHttp http = ArxivHttp.open(database, settings, new ArxivHttp.Options(Duration.ZERO, Duration.ofSeconds(2),
                Duration.ofSeconds(2), 1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        return new ListingJob(http, settings, new Announcements(catalog), reads, clock);
    }

    private static Paper paper(String id) {
        return TestPapers.paper(id);
    }

    private long announcementRows() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM announcements");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
