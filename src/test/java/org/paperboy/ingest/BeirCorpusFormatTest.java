package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.testing.Fixtures;

class BeirCorpusFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheSciFactFixtureIntoNamespacedIds() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.scifactCorpus());
        assertThat(lines).hasSize(20);
        BeirCorpusFormat format = new BeirCorpusFormat("scifact");

        List<Paper> papers = lines.stream().map(this::parse).map(format::toPaper).toList();

        assertThat(papers).extracting(p -> p.id().value()).startsWith("scifact:4983", "scifact:5836", "scifact:7912")
                .doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith("scifact:"));
        assertThat(papers).allSatisfy(p -> {
            assertThat(p.id().isArxiv()).isFalse();
            assertThat(p.version()).isEqualTo(1);
            assertThat(p.abstractText()).isNotEmpty();
            assertThat(p.authors()).isEmpty();
        });
        Paper first = papers.getFirst();
        assertThat(first.title()).isEqualTo("Microstructural development of human newborn cerebral white matter assessed "
                + "in vivo by diffusion tensor magnetic resonance imaging.");
        assertThat(first.abstractText()).startsWith("Alterations of the architecture of cerebral white matter");
    }

    @Test
    void theDefaultNamespaceIsBeir() {
        Paper paper = new BeirCorpusFormat(BeirCorpusFormat.DEFAULT_NAMESPACE)
                .toPaper(parse("{\"_id\": \"4983\", \"title\": \"T\", \"text\": \"X\"}"));

        assertThat(paper.id().value()).isEqualTo("beir:4983");
    }

    @Test
    void anArxivIdStaysAnArxivId() {
        Paper paper = new BeirCorpusFormat("scidocs").toPaper(parse("{\"_id\": \"2503.11731v2\", \"title\": \"T\", \"text\": \"X\"}"));

        assertThat(paper.id()).isEqualTo(new PaperId("2503.11731"));
        assertThat(paper.id().isArxiv()).isTrue();
    }

    @Test
    void refusesIdsThatCannotBeNamespaced() {
        BeirCorpusFormat format = new BeirCorpusFormat("scifact");

        assertThatThrownBy(() -> format.toPaper(parse("{\"_id\": \"a b\", \"title\": \"T\", \"text\": \"X\"}")))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessageContaining("invalid id 'a b' in namespace 'scifact'");
        assertThatThrownBy(() -> format.toPaper(parse("{\"_id\": \"\", \"title\": \"T\", \"text\": \"X\"}")))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessage("'_id' is missing");
        assertThatThrownBy(() -> new BeirCorpusFormat("Not A Namespace").toPaper(parse("{\"_id\": \"1\", \"title\": \"T\", \"text\": \"X\"}")))
                .isInstanceOf(InvalidPaperException.class);
    }

    private JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
