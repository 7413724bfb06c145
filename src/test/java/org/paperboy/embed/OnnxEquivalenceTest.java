package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Paperboy runs bge with ONNX Runtime directly; the vectors stored before (the demo's, any operator's) were made by
 * langchain4j's wrapper, so both must give the same vectors: short texts, texts over the model's 512 tokens, odd
 * characters, queries with bge's instruction.
 */
class OnnxEquivalenceTest {

    private static BgeSmallEmbeddingModel model;
    private static AbstractInProcessEmbeddingModel wrapper;

    @BeforeAll
    static void load() {
        model = new BgeSmallEmbeddingModel();
        wrapper = new BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] wrapperVector(String text) {
        return Vectors.normalize(wrapper.embed(TextSegment.from(text)).content().vector());
    }

    @Test
    void documentsGetTheWrappersVectorsWhateverTheirLength() {
        String abstractText = PaperText.of(EmbedFixtures.PROTEIN_TITLE, EmbedFixtures.PROTEIN_ABSTRACT);
        String overLong = (abstractText + " ").repeat(20); // about 1,000 tokens: the model sees the first 512
        List<String> texts = List.of("A third, short text.", abstractText, overLong,
                "Café naïve résumé: don't split C++ vs. F# (e.g. 2.5x 10^-3) — ∑ ≤ ∞, 中文, emoji 😀, [UNK]",
                "x".repeat(150) + " unbreakable words", "tab\there\u0000nul\u200bzero width");

        List<float[]> vectors = model.embedDocuments(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertThat(Vectors.dot(vectors.get(i), wrapperVector(texts.get(i)))).as(texts.get(i))
                    .isGreaterThan(0.99999);
        }
        assertThat(Vectors.dot(vectors.get(2), vectors.get(1))).as("truncated, not averaged over pieces")
                .isLessThan(0.99999);
    }

    @Test
    void queriesGetTheWrappersVectorOfThePrefixedQuery() {
        for (String query : List.of("protein structure prediction", "  graph neural networks  ", "")) {
            float[] expected = wrapperVector(BgeSmallEmbeddingModel.QUERY_PREFIX + query.strip());
            assertThat(Vectors.dot(model.embedQuery(query), expected)).as(query).isGreaterThan(0.99999);
        }
    }

    /** Queries run on the callers' threads, all through one ONNX session. */
    @Test
    void concurrentQueriesGetTheirOwnVectors() throws Exception {
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            queries.add("query number " + i + (i % 2 == 0 ? " on proteins" : " about traffic in cities"));
        }
        List<float[]> alone = queries.stream().map(model::embedQuery).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> together = queries.stream().map(q -> pool.submit(() -> model.embedQuery(q)))
                    .toList();
            for (int i = 0; i < queries.size(); i++) {
                assertThat(Vectors.dot(together.get(i).get(), alone.get(i))).as(queries.get(i))
                        .isGreaterThan(0.999999);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
