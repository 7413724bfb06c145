package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paperboy.search.LuceneSearchIndexTest.ids;
import static org.paperboy.search.LuceneSearchIndexTest.paper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings;
import org.paperboy.embed.EmbeddingModel;

class QueryVectorsTest {

    @TempDir
    Path dir;

    @Test
    void aQueryAskedAgainGetsTheVectorItWouldBeEmbeddedAsWithoutEmbeddingAgain() {
        Counting model = new Counting("model-a");
        QueryVectors vectors = new QueryVectors(10);

        float[] first = vectors.of(model, "diffusion transformers");
        float[] again = vectors.of(model, "diffusion transformers");

        assertThat(again).containsExactly(new Counting("fresh").embedQuery("diffusion transformers"));
        assertThat(first).containsExactly(again);
        assertThat(model.embedded).containsExactly("diffusion transformers");
    }

    @Test
    void anotherModelOrAnotherTextIsEmbeddedItself() {
        Counting a = new Counting("model-a");
        Counting b = new Counting("model-b");
        QueryVectors vectors = new QueryVectors(10);

        vectors.of(a, "graph neural networks");
        vectors.of(b, "graph neural networks");
        vectors.of(a, "Graph neural networks");

        assertThat(a.embedded).containsExactly("graph neural networks", "Graph neural networks");
        assertThat(b.embedded).containsExactly("graph neural networks");
    }

    @Test
    void aCallerChangingItsVectorDoesNotChangeWhatTheNextOneGets() {
        QueryVectors vectors = new QueryVectors(10);
        Counting model = new Counting("model-a");
        float[] expected = model.embedQuery("vision transformers");

        vectors.of(model, "vision transformers")[0] = 42f;
        vectors.of(model, "vision transformers")[1] = 42f;

        assertThat(vectors.of(model, "vision transformers")).containsExactly(expected);
    }

    @Test
    void sizeZeroEmbedsEveryQuery() {
        Counting model = new Counting("model-a");
        QueryVectors vectors = new QueryVectors(QueryVectors.OFF);

        vectors.of(model, "speech recognition");
        vectors.of(model, "speech recognition");

        assertThat(model.embedded).hasSize(2);
        assertThatThrownBy(() -> new QueryVectors(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSettingIsAWholeNumberFromZero() {
        assertThat(Settings.resolve(null, Map.of(), Map.of()).integer(Settings.Key.SEARCH_QUERY_VECTORS)).isEqualTo(1000);
        assertThat(Settings.resolve(null, Map.of("PAPERBOY_SEARCH_QUERY_VECTORS", "0"), Map.of())
                .integer(Settings.Key.SEARCH_QUERY_VECTORS)).isZero();
        for (String bad : List.of("-1", "many", "1.5")) {
            assertThatThrownBy(() -> Settings.resolve(null, Map.of("PAPERBOY_SEARCH_QUERY_VECTORS", bad), Map.of()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("search.query-vectors");
        }
    }

    @Test
    void aFailedEmbeddingIsNotRemembered() {
        QueryVectors vectors = new QueryVectors(10);
        Counting failing = new Counting("model-a") {
            @Override
            public float[] embedQuery(String query) {
                embedded.add(query);
                throw new IllegalStateException("the model is busy");
            }
        };
        Counting working = new Counting("model-a");

        assertThatThrownBy(() -> vectors.of(failing, "federated learning")).isInstanceOf(IllegalStateException.class);
        assertThat(vectors.of(working, "federated learning")).containsExactly(new Counting("x").embedQuery("federated learning"));
        assertThat(working.embedded).containsExactly("federated learning");
    }

    @Test
    void theNextPageOfASearchIsNotEmbeddedAgainAndRanksAsTheFirstDid() {
        try (LuceneSearchIndex index = LuceneSearchIndex.open(dir)) {
            List<IndexedPaper> papers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                float[] vector = new float[Counting.DIMENSION];
                vector[i] = 1f;
                papers.add(new IndexedPaper(paper("2501.0000" + i, "Diffusion models " + i, "Diffusion of images " + i,
                        List.of("Author " + i), List.of("cs.CV"), "2025-01-0" + (i + 1)), vector));
            }
            index.apply(papers, papers.size());
            Counting model = new Counting("model-a");
            Search cached = new Search(index, () -> model, new QueryVectors(10));
            Search uncached = new Search(index, new Counting("model-a"));

            SearchRequest first = new SearchRequest("diffusion", SearchMode.HYBRID, 3, 0, Set.of(), null, null, null);
            SearchRequest second = new SearchRequest("diffusion", SearchMode.HYBRID, 3, 3, Set.of(), null, null, null);
            List<String> pages = new ArrayList<>(ids(cached.search(first)));
            pages.addAll(ids(cached.search(second)));

            assertThat(model.embedded).containsExactly("diffusion");
            List<String> expected = new ArrayList<>(ids(uncached.search(first)));
            expected.addAll(ids(uncached.search(second)));
            assertThat(pages).hasSize(6).isEqualTo(expected);
        }
    }

    /** A model whose vectors follow from the text alone, as a real model's do; it remembers what it embedded. */
    private static class Counting implements EmbeddingModel {
        static final int DIMENSION = 8;
        final List<String> embedded = new ArrayList<>();
        private final String name;

        Counting(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public int dimension() {
            return DIMENSION;
        }

        public float[] embedDocument(String text) {
            return embedQuery(text);
        }

        public float[] embedQuery(String query) {
            embedded.add(query);
            float[] vector = new float[DIMENSION];
            byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++) {
                vector[i % DIMENSION] += bytes[i];
            }
            float norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            for (int i = 0; i < DIMENSION; i++) {
                vector[i] /= (float) Math.sqrt(norm);
            }
            return vector;
        }

        public void close() {}
    }
}
