package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.Announcement;
import org.paperboy.testing.Fixtures;

/** Announcement feeds read into announcements: the captured cs.AI feed, and entries arXiv would not write. */
class ListingReaderTest {

    static final String FEED = "/arxiv/rss/zotero-arxiv-daily_rss-atom_cs.AI_2025-08-20.xml";
    private static final LocalDate DAY = LocalDate.parse("2025-08-20");
    private final ListingReader reader = new ListingReader(Clock.fixed(Instant.parse("2025-08-20T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void readsTheCapturedFeedEntryByEntry() throws IOException {
        ListingReader.Listing listing;
        try (InputStream in = Files.newInputStream(Fixtures.resource(FEED))) {
            listing = reader.read(in);
        }

        assertThat(listing.problems()).isEmpty();
        assertThat(listing.entries()).hasSize(7).allSatisfy(entry -> {
            assertThat(entry.day()).isEqualTo(DAY);
            assertThat(entry.version()).isEqualTo(1);
        });
        assertThat(listing.entries()).extracting(e -> e.paper().value()).containsExactly("2508.13426", "2508.13428",
                "2508.13429", "2508.13434", "2508.13435", "2508.14001", "2508.14002");
        assertThat(listing.entries()).extracting(Announcement::type).containsExactly(AnnounceType.CROSS,
                AnnounceType.CROSS, AnnounceType.CROSS, AnnounceType.CROSS, AnnounceType.CROSS, AnnounceType.NEW,
                AnnounceType.NEW);
    }

    @Test
    void readsEveryAnnounceTypeAndTheVersion() throws IOException {
        ListingReader.Listing listing = read(entry("2503.11731v3", "replace", "2025-03-20T00:00:00-04:00")
                + entry("hep-th/9504118v2", "replace-cross", "2025-03-20T00:00:00-04:00")
                + entry("2503.11732v1", "new", "2025-03-20T04:00:00Z"));

        assertThat(listing.problems()).isEmpty();
        assertThat(listing.entries()).containsExactly(
                new Announcement(org.paperboy.testing.TestPapers.id("2503.11731"), 3, AnnounceType.REPLACE, LocalDate.parse("2025-03-20")),
                new Announcement(org.paperboy.testing.TestPapers.id("hep-th/9504118"), 2, AnnounceType.REPLACE_CROSS, LocalDate.parse("2025-03-20")),
                new Announcement(org.paperboy.testing.TestPapers.id("2503.11732"), 1, AnnounceType.NEW, LocalDate.parse("2025-03-20")));
    }

    @Test
    void aMalformedEntryIsReportedAndSkippedAndTheRestRead() throws IOException {
        ListingReader.Listing listing = read(entry("2503.11731v1", "withdrawn", "2025-03-20T00:00:00-04:00")
                + entry("2503.11732v1", null, "2025-03-20T00:00:00-04:00")
                + entry("not-an-id", "new", "2025-03-20T00:00:00-04:00")
                + entry("2503.11733", "new", "2025-03-20T00:00:00-04:00")
                + entry("2503.11734v1", "new", "Thursday")
                + entry("2503.11735v1", "new", null)
                + entry("2503.11736v1", "new", "2099-01-01T00:00:00-05:00")
                + "<entry><title>no id</title></entry>"
                + entry("2503.11737v1", "new", "2025-03-20T00:00:00-04:00"));

        assertThat(listing.entries()).extracting(e -> e.paper().value()).containsExactly("2503.11737");
        assertThat(listing.problems()).extracting(RecordProblem::reason).containsExactly(
                "unknown announce type 'withdrawn'",
                "the entry has no announce_type",
                "invalid arXiv id 'not-an-id'",
                "the entry's id names no version",
                "invalid published date 'Thursday'",
                "the entry has no published date",
                "published date 2099-01-01 cannot be a listing's",
                "the entry's id is not an arXiv OAI identifier (oai:arXiv.org:…)");
        assertThat(listing.problems().getFirst().identifier()).isEqualTo("oai:arXiv.org:2503.11731v1");
    }

    @Test
    void anEmptyFeedHasNoEntries() throws IOException {
        ListingReader.Listing listing = read("");

        assertThat(listing.entries()).isEmpty();
        assertThat(listing.problems()).isEmpty();
    }

    @Test
    void aDocumentThatIsNoFeedFailsWithAClearError() {
        assertThatThrownBy(() -> reader.read(bytes("<html><body>Service Unavailable</body></html>")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("not an Atom feed");
        assertThatThrownBy(() -> reader.read(bytes(feed(entry("2503.11731v1", "new", "2025-03-20T00:00:00-04:00"))
                .replace("</feed>", "")))).isInstanceOf(MalformedResponseException.class).hasMessageContaining("malformed");
    }

    static String feed(String entries) {
        return "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:arxiv=\"http://arxiv.org/schemas/atom\" "
                + "xmlns=\"http://www.w3.org/2005/Atom\"><id>http://rss.arxiv.org/atom/cs</id><title>cs updates on arXiv.org</title>"
                + entries + "</feed>";
    }

    static String entry(String id, String type, String published) {
        return "<entry><id>oai:arXiv.org:" + id + "</id><title>Paper " + id + "</title>"
                + (published == null ? "" : "<published>" + published + "</published>")
                + (type == null ? "" : "<arxiv:announce_type>" + type + "</arxiv:announce_type>") + "</entry>";
    }

    private ListingReader.Listing read(String entries) throws IOException {
        return reader.read(bytes(feed(entries)));
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
