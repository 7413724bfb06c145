package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperboy.testing.Fixtures;

/** The Atom reader under arXiv's announcement feeds and search API, on captured answers and hostile ones. */
class AtomReaderTest {

    private final List<XmlElement> entries = new ArrayList<>();
    private final List<RecordProblem> problems = new ArrayList<>();

    private AtomReader.Feed read(InputStream in) throws IOException {
        return new AtomReader().read(in, entries::add, problems::add);
    }

    private AtomReader.Feed read(String xml) throws IOException {
        return read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAnAnnouncementFeedEntryByEntry() throws IOException {
        try (InputStream in = Files.newInputStream(Fixtures.resource("/arxiv/rss/zotero-arxiv-daily_rss-atom_cs.AI_2025-08-20.xml"))) {
            AtomReader.Feed feed = read(in);

            assertThat(feed.entries()).isEqualTo(7);
            assertThat(feed.head().childText("title")).isEqualTo("cs.AI updates on arXiv.org");
        }
        assertThat(entries.getFirst().childText("id")).isEqualTo("oai:arXiv.org:2508.13426v1");
        assertThat(entries.getFirst().childText("announce_type")).isEqualTo("cross");
        assertThat(entries.getFirst().children("category")).extracting(c -> c.attribute("term")).containsExactly("cs.CL", "cs.AI");
        assertThat(problems).isEmpty();
    }

    @Test
    void readsAnAnswerOfTheSearchApi() throws IOException {
        try (InputStream in = Files.newInputStream(Fixtures.resource("/arxiv/api-atom/zoia_api_query_id_list-1601.00001_2020-09-04.xml"))) {
            assertThat(read(in).entries()).isEqualTo(1);
        }
        assertThat(entries.getFirst().childText("id")).contains("1601.00001");
    }

    @Test
    void refusesADoctypeSoThatNoEntityIsExpandedOrFetched() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>&x;</id></entry></feed>";
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&c;</title></feed>";

        for (String hostile : List.of(xxe, laughs)) {
            assertThatThrownBy(() -> read(hostile)).isInstanceOf(MalformedResponseException.class).hasMessageContaining("DOCTYPE");
        }
        assertThat(entries).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnAtomFeed() {
        assertThatThrownBy(() -> read("<html><body>arXiv is down for maintenance</body></html>"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("not an Atom feed");
        assertThatThrownBy(() -> read("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void anOversizedEntryIsReportedAndTheRestRead() throws IOException {
        String huge = "x".repeat(BoundedXml.MAX_TREE_CHARS + 1);
        AtomReader.Feed feed = read("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><summary>" + huge
                + "</summary></entry><entry><id>fine</id></entry></feed>");

        assertThat(feed.entries()).isEqualTo(1);
        assertThat(problems).singleElement().extracting(RecordProblem::reason).asString().contains("characters of text");
        assertThat(entries.getFirst().childText("id")).isEqualTo("fine");
    }
}
