package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperboy.search.LuceneSearchIndexTest.axis;
import static org.paperboy.search.LuceneSearchIndexTest.ids;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;
import org.paperboy.embed.EmbeddingModel;

/**
 * What researchers paste or type into the search box, searched on a real Lucene index in every mode: identifiers and
 * links find their paper first, a person's name their papers, misspelt words what was meant, an exact title its paper.
 * The query model points every query at one unrelated paper, so semantic ranking alone would put the wrong one first.
 */
class QueryReadingTest {

    private static final String RAG = "2606.30809";
    private static final String UNRELATED = "2501.00002";

    @TempDir
    Path dir;

    LuceneSearchIndex index;
    Search search;

    @BeforeEach
    void open() {
        index = LuceneSearchIndex.open(dir);
        List<IndexedPaper> papers = new ArrayList<>(List.of(
                paper(RAG, "Retrieval augmented generation for open-domain question answering",
                        "Retrieval of passages augments the generation of answers by a language model.",
                        List.of("Yann LeCun", "Ada Lovelace"), null, "2026-06-20", 0),
                paper(UNRELATED, "Traffic simulation for autonomous driving",
                        "A simulator of city traffic; attention to pedestrians matters. We use attention maps.",
                        List.of("Grace Hopper", "Maria Attention"), null, "2025-01-05", 1),
                paper("2501.00003", "Dense retrieval with contrastive learning",
                        "Dense retrieval learns embeddings; generation is not needed. Attention helps retrieval.",
                        List.of("Yann Dauphin", "Jonathan P. How"), null, "2025-02-10", 2),
                paper("2501.00004", "Energy-based models", "Energy-based learning of image generation models.",
                        List.of("Yann LeCun"), "10.1145/3442188.3445922", "2025-03-01", 3),
                paper("hep-th/9901001", "Strings on branes", "A string theory of branes and retrieval of charges.",
                        List.of("Edward Witten"), null, "1999-01-05", 4),
                paper("math/0601001", "Moduli of curves", "Algebraic geometry of moduli spaces.",
                        List.of("Maxim Kontsevich"), null, "2006-01-05", 5)));
        for (int i = 0; i < 3; i++) {
            // Common words in the catalog's vocabulary, so that corrections have something to draw on.
            papers.add(paper("2501.0010" + i, "Diffusion transformer for image generation " + i,
                    "A diffusion transformer generates an image; retrieval augmented generation of images.",
                    List.of("Author " + i), null, "2025-04-0" + (i + 1), 10 + i));
        }
        index.apply(papers, papers.size());
        search = new Search(index, new PointsAt(axis(1)));
    }

    @AfterEach
    void close() {
        index.close();
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void aPastedIdentifierFindsItsPaperFirstInEveryMode(SearchMode mode) {
        for (String pasted : List.of(RAG, RAG + "v2", "arXiv:" + RAG, "https://arxiv.org/abs/" + RAG,
                "http://arxiv.org/pdf/" + RAG + "v1", "https://arxiv.org/pdf/" + RAG + "v1.pdf",
                "10.48550/arXiv." + RAG, "https://doi.org/10.48550/arXiv." + RAG)) {
            SearchResults results = search(pasted, mode);
            assertThat(ids(results)).as(pasted).startsWith(RAG);
            assertThat(results.reading().identifier().arxivId()).isEqualTo(new PaperId(RAG));
            assertThat(results.reading().identifierFound()).isTrue();
        }
        assertThat(ids(search("hep-th/9901001", mode))).startsWith("hep-th/9901001");
        assertThat(ids(search("hep-th/9901001v3", mode))).startsWith("hep-th/9901001");
        assertThat(ids(search("math.AG/0601001", mode))).startsWith("math/0601001");
        assertThat(ids(search("https://doi.org/10.1145/3442188.3445922", mode))).as("a DOI the paper carries")
                .startsWith("2501.00004");
        assertThat(ids(search("10.1145/3442188.3445922", mode))).startsWith("2501.00004");
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void anIdentifierTheCatalogLacksIsSaidToBeMissing(SearchMode mode) {
        SearchResults results = search("arXiv:2606.99999v1", mode);
        assertThat(results.reading().identifier().arxivId()).isEqualTo(new PaperId("2606.99999"));
        assertThat(results.reading().identifierFound()).isFalse();
        assertThat(search("10.9999/nowhere", mode).reading().identifierFound()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void aPersonsNameFindsTheirPapersFirstNotOthersOfTheSameFirstName(SearchMode mode) {
        for (String name : List.of("Yann LeCun", "yann lecun", "LeCun")) {
            SearchResults results = search(name, mode);
            assertThat(ids(results).subList(0, 2)).as(name).containsExactly("2606.30809", "2501.00004");
            assertThat(results.reading().authorName()).isEqualTo("Yann LeCun");
        }
        SearchResults how = search("Jonathan P. How", mode);
        assertThat(ids(how)).startsWith("2501.00003");
        assertThat(how.reading().authorName()).isEqualTo("Jonathan P. How");
    }

    @Test
    void topicsThatShareAWordWithANameAreNotTakenForPeople() {
        assertThat(search("Yann", SearchMode.KEYWORD).reading().authorName()).as("two people").isNull();
        assertThat(search("attention", SearchMode.KEYWORD).reading().authorName()).as("more prose than name").isNull();
        assertThat(search("Yann LeCun energy models", SearchMode.KEYWORD).reading().authorName()).isNull();
        assertThat(search("diffusion transformer", SearchMode.KEYWORD).reading()).isEqualTo(QueryReading.LITERAL);
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void misspeltWordsAreCorrectedAndTheResultsSaySo(SearchMode mode) {
        SearchResults results = search("retreival augmented genration", mode);
        assertThat(results.reading().correctedQuery()).isEqualTo("retrieval augmented generation");
        if (mode == SearchMode.KEYWORD) {
            // The test's query model does not read words (and hybrid weighs it 0.6), so only keyword ranking shows
            // what the corrected words find.
            assertThat(ids(results)).startsWith(RAG);
        }
        assertThat(search("Difusion transfomer imgae generation", mode).reading().correctedQuery())
                .isEqualTo("Diffusion transformer image generation");
        SearchResults asWritten = search.search(SearchRequest.of("retreival augmented genration", mode, 10), false);
        assertThat(asWritten.reading().correctedQuery()).as("the user asked for their words").isNull();
    }

    @Test
    void correctlySpeltQueriesAreSearchedAsWritten() {
        for (String query : List.of("retrieval augmented generation", "moduli of curves", "Kontsevich",
                "branes", "contrastive", "GRPO", "au:lecun retreival", "\"dense retrieval\" -energy")) {
            assertThat(search(query, SearchMode.KEYWORD).reading().correctedQuery()).as(query).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void anExactTitleFindsItsPaperFirst(SearchMode mode) {
        assertThat(ids(search("Dense retrieval with contrastive learning", mode))).startsWith("2501.00003");
        assertThat(ids(search("Retrieval augmented generation for open-domain question answering", mode)))
                .startsWith(RAG);
    }

    private SearchResults search(String query, SearchMode mode) {
        return search.search(SearchRequest.of(query, mode, 10));
    }

    private static IndexedPaper paper(String id, String title, String abstractText, List<String> authors, String doi,
                                      String announced, int axis) {
        return new IndexedPaper(new Paper(new PaperId(id), 1, title, abstractText, authors, List.of("cs.CL"), null,
                null, doi, null, null, null, LocalDate.parse(announced)), axis(axis));
    }

    /** A query model that sends every query to one place: semantic ranking knows nothing of what was asked. */
    private record PointsAt(float[] vector) implements EmbeddingModel {
        public String name() {
            return "points-at";
        }

        public int dimension() {
            return vector.length;
        }

        public float[] embedDocument(String text) {
            return vector;
        }

        public float[] embedQuery(String query) {
            return vector;
        }

        public void close() {}
    }
}
