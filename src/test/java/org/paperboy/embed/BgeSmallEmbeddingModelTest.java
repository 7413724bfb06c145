package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** A query from a web request does not wait behind the documents a harvest is embedding. */
    @Test
    void queriesRunOnTheCallersThreadNotBehindDocuments() {
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            documents.add("Paper " + i + ". " + EmbedFixtures.PROTEIN_ABSTRACT);
        }
        try (BgeSmallEmbeddingModel oneThread = new BgeSmallEmbeddingModel(BgeSmallEmbeddingModel.Variant.INT8, 1)) {
            CompletableFuture<List<float[]>> batch = CompletableFuture.supplyAsync(
                    () -> oneThread.embedDocuments(documents));
            float[] query = oneThread.embedQuery("protein structure prediction");

            assertThat(batch).as("the query was answered while the documents were still being embedded")
                    .isNotDone();
            assertThat(Vectors.dot(query, model.embedQuery("protein structure prediction"))).isGreaterThan(0.999999);
            assertThat(batch.join()).hasSize(60);
        }
    }

    /** Closing waits for the texts in flight, so a JVM that exits right after does not crash in native code. */
    @Test
    void closingWhileEmbeddingThenExitingDoesNotCrashTheJvm() throws Exception {
        for (String delayMillis : List.of("0", "700")) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), CloseWhileEmbedding.class.getName(), delayMillis)
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String log = new String(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(log).isZero();
            assertThat(log).contains("closed").doesNotContain("SIGSEGV", "fatal error");
        }
    }

    @Test
    void paperTextUnwrapsHardLineBreaks() {
        assertThat(PaperText.of("A  title\n  on two lines", "First line\nsecond line.\n\nNext paragraph."))
                .isEqualTo("A title on two lines. First line second line. Next paragraph.");
        assertThat(PaperText.of("Title only", "")).isEqualTo("Title only");
    }
}
