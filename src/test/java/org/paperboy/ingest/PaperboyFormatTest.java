package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.testing.TestPapers;

class PaperboyFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PaperboyFormat format = new PaperboyFormat();

    /** Through text, as export and import see it. */
    private Paper roundTrip(Paper paper) throws Exception {
        String line = JSON.writeValueAsString(PaperboyFormat.toJson(paper));
        assertThat(line).doesNotContain("\n");
        return format.toPaper(JSON.readTree(line));
    }

    @Test
    void aFullPaperSurvivesTheRoundTrip() throws Exception {
        Paper paper = TestPapers.full("2503.11731", 2);

        assertThat(roundTrip(paper)).isEqualTo(paper);
    }

    @Test
    void aMinimalPaperSurvivesTheRoundTrip() throws Exception {
        Paper paper = new Paper(new PaperId("2503.11731"), 1, "Only a title", "", List.of(), List.of(),
                null, null, null, null, null, null, null);

        assertThat(roundTrip(paper)).isEqualTo(paper);
    }

    @Test
    void oldStyleAndNamespacedIdsSurviveTheRoundTrip() throws Exception {
        Paper oldStyle = TestPapers.paper("math.GT/0309136");
        Paper namespaced = new Paper(PaperId.namespaced("scifact", "4983"), 1, "Title", "Text", List.of(), List.of(),
                null, null, null, null, null, null, null);

        assertThat(roundTrip(oldStyle)).isEqualTo(oldStyle);
        assertThat(roundTrip(namespaced)).isEqualTo(namespaced);
    }

    @Test
    void manySyntheticPapersSurviveTheRoundTrip() throws Exception {
        for (Paper paper : IntStream.range(0, 500).mapToObj(TestPapers::synthetic).toList()) {
            assertThat(roundTrip(paper)).isEqualTo(paper);
        }
    }

    @Test
    void writesTheDocumentedFieldNames() {
        ObjectNode json = PaperboyFormat.toJson(TestPapers.full("2503.11731", 2));

        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("id", "version", "title",
                "abstract", "authors", "categories", "comment", "journal_ref", "doi", "license", "submitted", "updated",
                "announced");
        assertThat(json.get("submitted").textValue()).isEqualTo("2025-03-14T17:59:59.123Z");
        assertThat(json.get("announced").textValue()).isEqualTo("2025-03-18");
        assertThat(PaperboyFormat.toJson(TestPapers.paper("2503.11731")).has("doi")).isFalse();
    }

    @Test
    void readsTheDemoCorpusShape() throws Exception {
        JsonNode record = JSON.readTree("""
                {"id": "2503.11731v2", "title": "Industrial-Grade Sensor Simulation", "abstract": "Sensor simulation is\\npivotal.",
                 "authors": ["Xianming Zeng", "Sicong Du"], "categories": ["cs.CV", "cs.RO", "68T45"], "comment": null,
                 "announced": "2025-03-18"}""");

        Paper paper = format.toPaper(record);

        assertThat(paper.id()).isEqualTo(new PaperId("2503.11731"));
        assertThat(paper.version()).isEqualTo(2); // from the id, as the record names no version
        assertThat(paper.abstractText()).isEqualTo("Sensor simulation is\npivotal.");
        assertThat(paper.authors()).containsExactly("Xianming Zeng", "Sicong Du");
        assertThat(paper.categories()).containsExactly("cs.CV", "cs.RO");
        assertThat(paper.comments()).isNull();
        assertThat(paper.announced()).isEqualTo(LocalDate.of(2025, 3, 18));
        assertThat(paper.publishedOn()).isEqualTo(LocalDate.of(2025, 3, 18));
    }

    @Test
    void refusesBrokenRecordsWithAReason() {
        assertThatThrownBy(() -> format.toPaper(JSON.readTree("{\"id\": \"2513.00001\", \"title\": \"t\"}")))
                .isInstanceOf(InvalidPaperException.class).hasMessage("invalid id '2513.00001'");
        assertThatThrownBy(() -> format.toPaper(JSON.readTree("{\"id\": \"2503.11731\"}")))
                .isInstanceOf(InvalidPaperException.class).hasMessage("'title' is missing");
        assertThatThrownBy(() -> format.toPaper(JSON.readTree("{\"title\": \"t\"}")))
                .isInstanceOf(InvalidPaperException.class).hasMessage("'id' is missing");
        assertThatThrownBy(() -> format.toPaper(JSON.readTree("{\"id\": 2503.11731, \"title\": \"t\"}")))
                .isInstanceOf(InvalidPaperException.class).hasMessage("'id' must be a string");
        assertThatThrownBy(() -> format.toPaper(JSON.readTree(
                "{\"id\": \"2503.11731\", \"title\": \"t\", \"submitted\": \"14 March 2025\"}")))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("'submitted' is not an ISO-8601 instant such as 2025-03-14T17:59:59Z");
        assertThatThrownBy(() -> format.toPaper(JSON.readTree(
                "{\"id\": \"2503.11731\", \"title\": \"t\", \"announced\": \"2025-02-30\"}")))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("'announced' is not a date such as 2025-03-18");
        assertThatThrownBy(() -> format.toPaper(JSON.readTree(
                "{\"id\": \"2503.11731\", \"title\": \"t\", \"authors\": \"A. Author\"}")))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("'authors' must be a list of strings");
        assertThatThrownBy(() -> format.toPaper(JSON.readTree(
                "{\"id\": \"2503.11731\", \"title\": \"t\", \"authors\": [\"A\", 7]}")))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("'authors' must be a list of strings");
    }
}
