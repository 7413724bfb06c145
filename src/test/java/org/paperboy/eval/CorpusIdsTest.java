package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.PaperId;
import org.paperboy.ingest.BeirCorpusFormat;
import org.paperboy.testing.Fixtures;

class CorpusIdsTest {

    @TempDir
    Path tmp;

    @Test
    void mapsCatalogIdsBackToCorpusIds() throws IOException {
        CorpusIds ids = CorpusIds.read(Fixtures.resource("/fixtures/beir-tiny/corpus.jsonl"), new BeirCorpusFormat("beir"));
        assertThat(ids.size()).isEqualTo(6);
        assertThat(ids.refused()).isEmpty();
        assertThat(ids.corpusId(new PaperId("beir:d4"))).isEqualTo("d4");
        assertThat(ids.contains("d4")).isTrue();
        assertThat(ids.contains("beir:d4")).isFalse();
        // a paper the corpus did not hold keeps its id, less the namespace
        assertThat(ids.corpusId(new PaperId("beir:zz"))).isEqualTo("zz");
    }

    /** The importer keeps an arXiv-shaped _id as an arXiv id without its version; the map still leads back. */
    @Test
    void arxivShapedIdsAndRefusedRecords() throws IOException {
        Path corpus = tmp.resolve("corpus.jsonl");
        Files.writeString(corpus, """
                {"_id": "2503.11731v2", "title": "An arXiv paper", "text": "Its abstract."}
                {"_id": "77", "title": "", "text": "No title: the catalog refuses it."}
                not json
                {"_id": "has space", "title": "Bad id", "text": "Not a valid namespaced id."}
                {"_id": 12, "title": "Numeric id", "text": "The importer wants a string."}
                {"_id": "13", "title": "Plain id", "text": "Fine."}
                """);
        CorpusIds ids = CorpusIds.read(corpus, new BeirCorpusFormat("beir"));
        assertThat(ids.corpusId(new PaperId("2503.11731"))).isEqualTo("2503.11731v2");
        assertThat(ids.corpusId(new PaperId("beir:13"))).isEqualTo("13");
        assertThat(ids.refused()).containsExactly("77", "line 3", "has space", "12");
        assertThat(ids.size()).isEqualTo(2);
        assertThat(CorpusIds.of(Map.of(new PaperId("beir:x"), "x")).contains("x")).isTrue();
    }
}
