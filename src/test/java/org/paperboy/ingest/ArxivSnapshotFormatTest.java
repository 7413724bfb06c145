package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.ingest.arxiv.ArxivMetadata;
import org.paperboy.testing.Fixtures;

class ArxivSnapshotFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ArxivSnapshotFormat format = new ArxivSnapshotFormat();

    @Test
    void everyRecordOfTheSnapshotFixtureIsAPaper() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.arxivSnapshot());
        assertThat(lines).hasSize(200);

        Set<PaperId> ids = new HashSet<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertThat(RecordFormat.detect(record)).isInstanceOf(ArxivSnapshotFormat.class);
            Paper paper = format.toPaper(record);
            ids.add(paper.id());
            assertThat(paper.id().value()).isEqualTo(record.get("id").textValue());
            assertThat(paper.version()).isEqualTo(record.get("versions").size());
            assertThat(paper.authors()).hasSameSizeAs(record.get("authors_parsed"));
            assertThat(paper.categories()).isNotEmpty();
            assertThat(paper.submittedAt()).isNotNull().isBeforeOrEqualTo(paper.updatedAt());
            assertThat(paper.title()).doesNotContain("\n", "  ");
        }
        assertThat(ids).hasSize(200);
    }

    @Test
    void readsTheFirstSnapshotRecordInDetail() throws Exception {
        Paper paper = format.toPaper(JSON.readTree(Files.readAllLines(Fixtures.arxivSnapshot()).getFirst()));

        assertThat(paper.id()).isEqualTo(new PaperId("0704.0001"));
        assertThat(paper.title()).isEqualTo("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies");
        assertThat(paper.authors()).containsExactly("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan");
        assertThat(paper.categories()).containsExactly("hep-ph");
        assertThat(paper.primaryCategory()).isEqualTo("hep-ph");
        assertThat(paper.version()).isEqualTo(2);
        assertThat(paper.submittedAt()).isEqualTo(Instant.parse("2007-04-02T19:18:42Z"));
        assertThat(paper.updatedAt()).isEqualTo(Instant.parse("2007-07-24T20:10:27Z"));
        assertThat(paper.doi()).isEqualTo("10.1103/PhysRevD.76.013009");
        assertThat(paper.journalRef()).isEqualTo("Phys.Rev.D76:013009,2007");
        assertThat(paper.comments()).isEqualTo("37 pages, 15 figures; published version");
        assertThat(paper.license()).isNull();
        assertThat(paper.announced()).isNull();
        assertThat(paper.abstractText())
                .startsWith("A fully differential calculation in perturbative quantum chromodynamics is\npresented")
                .endsWith("selection of events.");
    }

    @Test
    void keepsCrossListsInOrderPrimaryFirst() throws Exception {
        Paper paper = format.toPaper(JSON.readTree(Files.readAllLines(Fixtures.arxivSnapshot()).get(1)));

        assertThat(paper.id().value()).isEqualTo("0704.0002");
        assertThat(paper.categories()).containsExactly("math.CO", "cs.CG");
        assertThat(paper.authors()).containsExactly("Ileana Streinu", "Louis Theran");
    }

    @Test
    void turnsLatexAccentsInParsedAuthorsIntoUnicode() throws Exception {
        ObjectNode record = minimalRecord();
        record.set("authors_parsed", JSON.readTree("""
                [["Bal\\\\'azs", "C.", ""], ["Schr\\\\\\"odinger", "Erwin", ""], ["Erd\\\\H{o}s", "Paul", ""],
                 ["Gar{\\\\c c}on", "Fran{\\\\c{c}}ois", "Jr"], ["Dvo\\\\v{r}\\\\'ak", "Anton{\\\\'\\\\i}n", ""]]"""));

        assertThat(format.toPaper(record).authors())
                .containsExactly("C. Balázs", "Erwin Schrödinger", "Paul Erdős", "François Garçon Jr", "Antonín Dvořák");
    }

    @Test
    void fallsBackToTheAuthorsStringWithoutParsedAuthors() throws Exception {
        ObjectNode record = minimalRecord();
        record.put("authors", "C. Bal\\'azs, E. L. Berger and\n  P. M. Nadolsky");

        assertThat(format.toPaper(record).authors()).containsExactly("C. Balázs", "E. L. Berger", "P. M. Nadolsky");
    }

    @Test
    void fromLatexTurnsAccentCommandsIntoComposedCharacters() {
        assertThat(ArxivMetadata.fromLatex("Bal\\'azs")).isEqualTo("Balázs");
        assertThat(ArxivMetadata.fromLatex("{\\'E}mile")).isEqualTo("Émile");
        assertThat(ArxivMetadata.fromLatex("M\\\"uller")).isEqualTo("Müller");
        assertThat(ArxivMetadata.fromLatex("Ha\\v{c}ek")).isEqualTo("Haček");
        assertThat(ArxivMetadata.fromLatex("Plain Name")).isEqualTo("Plain Name");
        // composed (NFC): one code point for "á", as a search index and a browser expect
        assertThat(ArxivMetadata.fromLatex("Bal\\'azs")).hasSize(6);
    }

    @Test
    void dropsCategoriesFromOtherSchemes() throws Exception {
        ObjectNode record = minimalRecord();
        record.put("categories", "cs.CL 68T50 I.2.7 cs.AI");

        assertThat(format.toPaper(record).categories()).containsExactly("cs.CL", "cs.AI");
    }

    @Test
    void withoutVersionsTheIdsVersionIsUsed() throws Exception {
        ObjectNode record = minimalRecord();
        record.put("id", "2503.11731v3");
        record.remove("versions");

        Paper paper = format.toPaper(record);

        assertThat(paper.version()).isEqualTo(3);
        assertThat(paper.submittedAt()).isNull();
        assertThat(paper.updatedAt()).isNull();
    }

    @Test
    void readsOldStyleIds() throws Exception {
        ObjectNode record = minimalRecord();
        record.put("id", "math.GT/0309136");

        assertThat(format.toPaper(record).id()).isEqualTo(new PaperId("math/0309136"));
    }

    @Test
    void refusesBrokenRecordsWithAReason() throws Exception {
        ObjectNode badId = minimalRecord().put("id", "0713.0001");
        assertThatThrownBy(() -> format.toPaper(badId)).isInstanceOf(InvalidPaperException.class)
                .hasMessageStartingWith("invalid arXiv id '0713.0001'");

        ObjectNode noTitle = minimalRecord();
        noTitle.remove("title");
        assertThatThrownBy(() -> format.toPaper(noTitle)).isInstanceOf(InvalidPaperException.class)
                .hasMessage("'title' is missing");

        ObjectNode badDate = minimalRecord();
        badDate.set("versions", JSON.readTree("[{\"version\": \"v1\", \"created\": \"yesterday\"}]"));
        assertThatThrownBy(() -> format.toPaper(badDate)).isInstanceOf(InvalidPaperException.class)
                .hasMessage("invalid version date 'yesterday'");

        ObjectNode badVersion = minimalRecord();
        badVersion.set("versions", JSON.readTree("[{\"version\": \"first\", \"created\": \"Mon, 2 Apr 2007 19:18:42 GMT\"}]"));
        assertThatThrownBy(() -> format.toPaper(badVersion)).isInstanceOf(InvalidPaperException.class)
                .hasMessage("invalid version 'first'");

        ObjectNode numericTitle = minimalRecord().put("title", 42);
        assertThatThrownBy(() -> format.toPaper(numericTitle)).isInstanceOf(InvalidPaperException.class)
                .hasMessage("'title' must be a string");
    }

    private static ObjectNode minimalRecord() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"id": "2503.11731", "title": "A title", "abstract": "An abstract.", "categories": "cs.CV",
                 "versions": [{"version": "v1", "created": "Fri, 14 Mar 2025 17:59:59 GMT"}],
                 "authors_parsed": []}""");
    }
}
