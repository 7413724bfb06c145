package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.testing.Fixtures;

class RecordFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void detectsEachFormatFromOneRecord() throws Exception {
        String arxiv = Files.readAllLines(Fixtures.arxivSnapshot()).getFirst();
        String beir = Files.readAllLines(Fixtures.scifactCorpus()).getFirst();
        String own = JSON.writeValueAsString(PaperboyFormat.toJson(org.paperboy.testing.TestPapers.full("2503.11731", 1)));

        assertThat(RecordFormat.detect(JSON.readTree(arxiv))).isInstanceOf(ArxivSnapshotFormat.class);
        assertThat(RecordFormat.detect(JSON.readTree(beir))).isInstanceOf(BeirCorpusFormat.class)
                .extracting(f -> ((BeirCorpusFormat) f).namespace()).isEqualTo("beir");
        assertThat(RecordFormat.detect(JSON.readTree(own))).isInstanceOf(PaperboyFormat.class);
        // a snapshot record without versions is still recognised by its other fields
        assertThat(RecordFormat.detect(JSON.readTree("{\"id\": \"0704.0001\", \"title\": \"t\", \"update_date\": \"2008-11-26\"}")))
                .isInstanceOf(ArxivSnapshotFormat.class);
    }

    @Test
    void anUnknownShapeAsksForAnExplicitFormat() {
        assertThatThrownBy(() -> RecordFormat.detect(JSON.readTree("{\"doc\": 1, \"body\": \"x\"}")))
                .isInstanceOf(InvalidPaperException.class)
                .hasMessageContaining("cannot tell the format of this record")
                .hasMessageContaining("--format");
    }

    @Test
    void formatsAreNamedAsOnTheCommandLine() {
        assertThat(RecordFormat.named("paperboy")).isInstanceOf(PaperboyFormat.class);
        assertThat(RecordFormat.named("ARXIV-SNAPSHOT")).isInstanceOf(ArxivSnapshotFormat.class);
        assertThat(RecordFormat.named("beir")).isInstanceOf(BeirCorpusFormat.class);
        assertThat(RecordFormat.all()).extracting(RecordFormat::name).containsExactly("paperboy", "arxiv-snapshot", "beir");
        assertThatThrownBy(() -> RecordFormat.named("xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown format 'xml' (known: auto, paperboy, arxiv-snapshot, beir)");
    }
}
