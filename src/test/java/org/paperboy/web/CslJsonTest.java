package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/** CSL-JSON as the CSL data schema (csl-data.json, which Zotero's importer follows) requires it. */
class CslJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The item fields CslJson may write: a subset of those the schema allows (it allows no others). */
    private static final Set<String> SCHEMA_FIELDS = Set.of("type", "id", "categories", "title", "author", "issued",
            "abstract", "URL", "DOI", "number", "archive", "publisher", "note", "version", "language");
    private static final Set<String> NAME_FIELDS = Set.of("family", "given", "dropping-particle",
            "non-dropping-particle", "suffix", "literal");

    @Test
    void anArxivPaperIsAPreprintWithItsIdNamesDateAndLinks() throws Exception {
        Paper paper = new Paper(new PaperId("2503.11731"), 2, "Sensor   simulation\nvia splatting", "An abstract\nover lines.",
                List.of("Yann LeCun", "LeCun, Yann", "Plato", "Jonathan P. How"), List.of("cs.CV", "cs.RO"), null, null,
                "10.1000/xyz", null, null, null, LocalDate.of(2025, 3, 18));

        JsonNode items = JSON.readTree(CslJson.of(List.of(paper)));

        assertValidCsl(items);
        JsonNode item = items.get(0);
        assertThat(item.path("type").asText()).isEqualTo("article");
        assertThat(item.path("id").asText()).isEqualTo("2503.11731");
        assertThat(item.path("title").asText()).isEqualTo("Sensor simulation via splatting");
        assertThat(JSON.convertValue(item.path("author"), List.class)).containsExactly(
                Map.of("family", "LeCun", "given", "Yann"), Map.of("family", "LeCun", "given", "Yann"),
                Map.of("family", "Plato"), Map.of("family", "How", "given", "Jonathan P."));
        assertThat(item.path("issued").path("date-parts").toString()).isEqualTo("[[2025,3,18]]");
        assertThat(item.path("abstract").asText()).isEqualTo("An abstract over lines.");
        assertThat(item.path("URL").asText()).isEqualTo("https://arxiv.org/abs/2503.11731");
        assertThat(item.path("DOI").asText()).isEqualTo("10.1000/xyz");
        assertThat(item.path("number").asText()).isEqualTo("2503.11731");
        assertThat(item.path("archive").asText()).isEqualTo("arXiv");
    }

    @Test
    void aPaperWithoutDateOrDoiLeavesThemOut() throws Exception {
        Paper paper = new Paper(new PaperId("2503.11732"), 1, "Untimed", "Text.", List.of("A. Author"), List.of(), null,
                null, null, null, null, null, null);
        JsonNode items = JSON.readTree(CslJson.of(List.of(paper)));
        assertValidCsl(items);
        assertThat(items.get(0).has("issued")).isFalse();
        assertThat(items.get(0).has("DOI")).isFalse();
        assertThat(JSON.readTree(CslJson.of(List.of()))).isEmpty();
    }

    /**
     * The shape csl-data.json requires: an array of objects, each with a {@code type} from its list and an {@code id},
     * no field it does not name, names as objects of name parts, dates as 1-2 arrays of 1-3 numbers.
     */
    static void assertValidCsl(JsonNode items) {
        assertThat(items.isArray()).as("an array of items").isTrue();
        for (JsonNode item : items) {
            assertThat(item.isObject()).isTrue();
            assertThat(item.path("type").asText()).as("required type, from the schema's list").isEqualTo("article");
            assertThat(item.path("id").isTextual() || item.path("id").isNumber()).as("required id").isTrue();
            item.fieldNames().forEachRemaining(field -> assertThat(SCHEMA_FIELDS).as("additionalProperties: false")
                    .contains(field));
            for (String text : List.of("title", "abstract", "URL", "DOI", "number", "archive", "publisher")) {
                assertThat(item.path(text).isMissingNode() || item.path(text).isTextual()).as(text).isTrue();
            }
            for (JsonNode name : item.path("author")) {
                assertThat(name.isObject()).isTrue();
                name.fieldNames().forEachRemaining(part -> assertThat(NAME_FIELDS).contains(part));
                name.elements().forEachRemaining(value -> assertThat(value.isTextual()).isTrue());
            }
            if (item.has("issued")) {
                JsonNode parts = item.path("issued").path("date-parts");
                assertThat(parts.isArray() && parts.size() >= 1 && parts.size() <= 2).isTrue();
                for (JsonNode date : parts) {
                    assertThat(date.size()).isBetween(1, 3);
                    date.elements().forEachRemaining(n -> assertThat(n.isNumber() || n.isTextual()).isTrue());
                }
                item.path("issued").fieldNames().forEachRemaining(f -> assertThat(f).isEqualTo("date-parts"));
            }
        }
    }
}
