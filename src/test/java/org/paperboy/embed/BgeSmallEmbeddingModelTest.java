package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real in-process model: bge-small-en-v1.5 (int8 ONNX) on the CPU. A handful of texts, to stay fast. */
class BgeSmallEmbeddingModelTest {

    private static BgeSmallEmbeddingModel model;

    @BeforeAll
    static void load() {
        model = new BgeSmallEmbeddingModel();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void embedsDocumentsAsUnitVectorsOf384Dimensions() {
        List<float[]> vectors = model.embedDocuments(List.of(
                PaperText.of(EmbedFixtures.PROTEIN_TITLE, EmbedFixtures.PROTEIN_ABSTRACT),
                PaperText.of(EmbedFixtures.TRAFFIC_TITLE, EmbedFixtures.TRAFFIC_ABSTRACT),
                "A third, short text."));

        assertThat(model.name()).isEqualTo("bge-small-en-v1.5-q");
        assertThat(model.dimension()).isEqualTo(384);
        assertThat(vectors).hasSize(3).allSatisfy(v -> {
            assertThat(v).hasSize(384);
            assertThat(Vectors.norm(v)).isCloseTo(1.0, within(1e-5));
        });
    }

    /** The unquantised weights: the same model, so nearly the same vectors, stored under their own name. */
    @Test
    void theFp32VariantEmbedsNearlyAsTheInt8One() {
        String text = PaperText.of(EmbedFixtures.PROTEIN_TITLE, EmbedFixtures.PROTEIN_ABSTRACT);
        try (BgeSmallEmbeddingModel fp32 = new BgeSmallEmbeddingModel(BgeSmallEmbeddingModel.Variant.FP32)) {
            assertThat(fp32.name()).isEqualTo("bge-small-en-v1.5");
            float[] vector = fp32.embedDocument(text);
            assertThat(Vectors.norm(vector)).isCloseTo(1.0, within(1e-5));
            assertThat(Vectors.dot(vector, model.embedDocument(text))).isBetween(0.9, 0.99999);
        }
    }

    @Test
    void aQueryIsClosestToTheAbstractAboutItsSubject() {
        float[] protein = model.embedDocument(PaperText.of(EmbedFixtures.PROTEIN_TITLE, EmbedFixtures.PROTEIN_ABSTRACT));
        float[] traffic = model.embedDocument(PaperText.of(EmbedFixtures.TRAFFIC_TITLE, EmbedFixtures.TRAFFIC_ABSTRACT));
        float[] query = model.embedQuery("protein structure prediction");

        assertThat(Vectors.norm(query)).isCloseTo(1.0, within(1e-5));
        assertThat(Vectors.dot(query, protein)).isGreaterThan(Vectors.dot(query, traffic) + 0.1);
    }

    @Test
    void queriesGetBgesInstructionAndDocumentsDoNot() {
        float[] asQuery = model.embedQuery("protein structure prediction");
        float[] asDocument = model.embedDocument("protein structure prediction");
        float[] prefixedDocument = model.embedDocument(BgeSmallEmbeddingModel.QUERY_PREFIX + "protein structure prediction");

        assertThat(asQuery).isNotEqualTo(asDocument);
        assertThat(Vectors.dot(asQuery, prefixedDocument)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void isDeterministicAndBatchingDoesNotChangeVectors() {
        String text = PaperText.of(EmbedFixtures.PROTEIN_TITLE, EmbedFixtures.PROTEIN_ABSTRACT);
        float[] alone = model.embedDocument(text);
        float[] inBatch = model.embedDocuments(List.of("Something else entirely.", text)).get(1);

        assertThat(Vectors.dot(alone, inBatch)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void refusesEmptyDocumentsAndWorkIsRefusedAfterClose() {
        assertThatThrownBy(() -> model.embedDocument("  ")).isInstanceOf(IllegalArgumentException.class);

        BgeSmallEmbeddingModel closed = new BgeSmallEmbeddingModel();
        closed.close();
        assertThatThrownBy(() -> closed.embedDocument("text")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void paperTextUnwrapsHardLineBreaks() {
        assertThat(PaperText.of("A  title\n  on two lines", "First line\nsecond line.\n\nNext paragraph."))
                .isEqualTo("A title on two lines. First line second line. Next paragraph.");
        assertThat(PaperText.of("Title only", "")).isEqualTo("Title only");
    }
}
