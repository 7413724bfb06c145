package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/** The Lucene index on a real directory, with hand-made vectors so that semantic answers are known in advance. */
class LuceneSearchIndexTest {

    @TempDir
    Path dir;

    LuceneSearchIndex index;

    @BeforeEach
    void open() {
        index = LuceneSearchIndex.open(dir);
        index.apply(List.of(
                indexed(paper("2501.00001", "Protein structure prediction with deep learning",
                        "We predict the folded structure of proteins from their amino-acid sequence.",
                        List.of("Ada Lovelace", "Alan Turing"), List.of("q-bio.BM", "cs.LG"), "2025-01-02"), axis(0)),
                indexed(paper("2501.00002", "Traffic simulation for autonomous driving",
                        "A simulator of city traffic used to validate self-driving cars.",
                        List.of("Grace Hopper"), List.of("cs.RO"), "2025-01-05"), axis(1)),
                indexed(paper("2501.00003", "Diffusion models for image generation",
                        "Denoising diffusion models generate images; we survey scaling laws of diffusion.",
                        List.of("Katherine Johnson", "Zoë Balázs"), List.of("cs.CV"), "2025-02-10"), axis(2)),
                indexed(paper("2501.00004", "A survey of diffusion models",
                        "This survey covers diffusion models in vision and language.",
                        List.of("Alan Kay"), List.of("cs.CV", "cs.LG"), "2025-03-01"), null)), 4);
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void keywordSearchRanksByBm25AndStems() {
        List<String> ids = ids(index.search(SearchRequest.of("predicting proteins", SearchMode.KEYWORD, 10), null));
        assertThat(ids).containsExactly("2501.00001");
    }

    @Test
    void phrasesExclusionsAndFields() {
        assertThat(ids(search("\"diffusion models\" -survey"))).isEmpty();
        assertThat(ids(search("\"diffusion models\" -ti:survey"))).containsExactly("2501.00003");
        assertThat(ids(search("ti:survey"))).containsExactly("2501.00004");
        assertThat(ids(search("au:turing"))).containsExactly("2501.00001");
        assertThat(ids(search("au:balazs"))).as("accents folded").containsExactly("2501.00003");
        assertThat(ids(search("diffusion cat:cs.LG"))).containsExactly("2501.00004");
        assertThat(ids(search("id:2501.00002v3"))).containsExactly("2501.00002");
        assertThat(ids(search("abs:simulator"))).containsExactly("2501.00002");
    }

    @Test
    void filtersAndDateSort() {
        SearchRequest cv = new SearchRequest("diffusion", SearchMode.KEYWORD, 10, 0, Set.of("cs.CV"),
                LocalDate.parse("2025-02-01"), LocalDate.parse("2025-02-28"), SearchRequest.Sort.RELEVANCE);
        assertThat(ids(index.search(cv, null))).containsExactly("2501.00003");
        SearchRequest newestFirst = new SearchRequest("diffusion", SearchMode.KEYWORD, 10, 0, Set.of(), null, null,
                SearchRequest.Sort.DATE);
        assertThat(ids(index.search(newestFirst, null))).containsExactly("2501.00004", "2501.00003");
        assertThatThrownBy(() -> new SearchRequest("x", SearchMode.KEYWORD, 10, 0, Set.of(),
                LocalDate.parse("2025-02-01"), LocalDate.parse("2025-01-01"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends");
    }

    @Test
    void snippetsMarkWhatMatchedAndEscapeHtml() {
        SearchHit hit = search("protein").hits().getFirst();
        assertThat(hit.titleSnippet()).as("the whole title")
                .isEqualTo("<mark>Protein</mark> structure prediction with deep learning");
        assertThat(hit.abstractSnippet()).contains("<mark>proteins</mark>");
        SearchHit twoSentences = search("survey").hits().stream().filter(h -> h.id().value().equals("2501.00003"))
                .findFirst().orElseThrow();
        assertThat(twoSentences.titleSnippet()).as("no match in the title").isNull();
        assertThat(twoSentences.abstractSnippet()).contains("we <mark>survey</mark> scaling laws");
    }

    @Test
    void semanticSearchFollowsVectorsAndHybridFusesBoth() {
        float[] nearTraffic = axis(1);
        assertThat(ids(index.search(SearchRequest.of("cars on roads", SearchMode.SEMANTIC, 1), nearTraffic)))
                .containsExactly("2501.00002");
        // Between the traffic paper (axis 1) and the diffusion paper (axis 2): cosine 0.71 with each.
        float[] between = axis(1);
        between[1] = between[2] = (float) Math.sqrt(0.5);
        SearchResults hybrid = index.search(SearchRequest.of("diffusion", SearchMode.HYBRID, 10), between);
        assertThat(hybrid.modeUsed()).isEqualTo(SearchMode.HYBRID);
        assertThat(ids(hybrid)).contains("2501.00002", "2501.00003", "2501.00004");
        assertThat(ids(hybrid).indexOf("2501.00003")).as("best in both lists, so first").isZero();
    }

    @Test
    void aSearchThatRunsOutOfTimeSaysItIsPartial(@TempDir Path other) {
        Ranking noTime = new Ranking(0.5f, 1.0f, 100, new Fusion.ReciprocalRank(60, 1.0f), 0);
        try (LuceneSearchIndex hurried = LuceneSearchIndex.open(other, noTime)) {
            hurried.apply(List.of(indexed(paper("2501.00003", "Diffusion models for image generation", "Denoising.",
                    List.of(), List.of("cs.CV"), "2025-02-10"), axis(2))), 1);
            for (SearchMode mode : SearchMode.values()) {
                assertThat(hurried.search(SearchRequest.of("diffusion", mode, 10), axis(2)).partial()).as(mode.label()).isTrue();
            }
        }
        for (SearchMode mode : SearchMode.values()) {
            assertThat(index.search(SearchRequest.of("diffusion", mode, 10), axis(2)).partial()).as(mode.label()).isFalse();
        }
    }

    @Test
    void hybridWithoutAQueryVectorDegradesToKeyword() {
        SearchResults results = index.search(SearchRequest.of("traffic", SearchMode.HYBRID, 10), null);
        assertThat(results.modeUsed()).isEqualTo(SearchMode.KEYWORD);
        assertThat(ids(results)).containsExactly("2501.00002");
    }

    @Test
    void similarPapersByVectorOrByKeywordWhenThereIsNone() {
        assertThat(index.similar(new PaperId("2501.00001"), 3)).extracting(h -> h.id().value())
                .doesNotContain("2501.00001").hasSize(2);
        assertThat(index.similar(new PaperId("2501.00004"), 3)).extracting(h -> h.id().value())
                .as("no vector: more-like-this on its words").first().isEqualTo("2501.00003");
        assertThat(index.similar(new PaperId("2599.99999"), 3)).isEmpty();
    }

    @Test
    void similarPapersFollowChangesToTheIndex() {
        PaperId protein = new PaperId("2501.00001");
        assertThat(index.similar(protein, 1)).extracting(h -> h.id().value()).doesNotContain("2501.00005");
        assertThat(index.similar(protein, 1)).as("asked again, answered the same")
                .isEqualTo(index.similar(protein, 1));
        index.apply(List.of(indexed(paper("2501.00005", "Folding proteins", "Structure from sequence.",
                List.of("Ada Lovelace"), List.of("q-bio.BM"), "2025-04-01"), axis(0))), 5);
        assertThat(index.similar(protein, 1)).extracting(h -> h.id().value())
                .as("a new paper with the same vector is the nearest at once").containsExactly("2501.00005");
        assertThat(index.similar(protein, 2)).extracting(h -> h.id().value()).hasSize(2).contains("2501.00005");
    }

    @Test
    void hostileQueriesGetAnAnswerNotAnException() {
        List<String> queries = new ArrayList<>(List.of("", "   ", "*", "?", "~", "^", "[", "(", ")", "\"", "\"unbalanced",
                "ti:", "-", "--", "-ti:", ":", "au:\"\"", "*diffusion", "diff*", "dif?usion", "a~2", "title^3", "[a TO b]",
                "😀 扩散模型 диффузия", "AND OR NOT", "cat:", "id:nonsense", "\\", "'; DROP TABLE papers; --"));
        queries.add("diffusion ".repeat(20_000));
        for (String query : queries) {
            for (SearchMode mode : SearchMode.values()) {
                assertThatCode(() -> index.search(new SearchRequest(query, mode, 1_000_000_000, -5, Set.of(), null, null, null),
                        mode == SearchMode.KEYWORD ? null : axis(0)))
                        .as("query [%s] in %s mode", query.length() > 40 ? query.substring(0, 40) : query, mode)
                        .doesNotThrowAnyException();
            }
        }
        assertThat(index.search(SearchRequest.of("", SearchMode.HYBRID, 10), null).hits()).isEmpty();
        assertThat(new SearchRequest("x", null, 0, 0, null, null, null, null).limit()).isEqualTo(1);
    }

    @Test
    void appliedSequenceIsCommittedWithTheDocuments() {
        assertThat(index.appliedSeq()).isEqualTo(4);
        index.close();
        index = LuceneSearchIndex.open(dir);
        assertThat(index.appliedSeq()).isEqualTo(4);
        assertThat(index.stats()).isEqualTo(new SearchIndex.IndexStats(4, 3));
        index.apply(List.of(indexed(paper("2501.00002", "Traffic simulation, revised", "New abstract.", List.of(),
                List.of("cs.RO"), "2025-01-05"), null)), 9);
        assertThat(index.stats()).as("replaced, not duplicated").isEqualTo(new SearchIndex.IndexStats(4, 2));
        assertThat(index.vectorOf(new PaperId("2501.00002"))).isEmpty();
        assertThat(index.vectorOf(new PaperId("2501.00001"))).hasValueSatisfying(v -> assertThat(v[0]).isEqualTo(1f));
    }

    @Test
    void aSecondProcessGetsAReadOnlyView() {
        try (LuceneSearchIndex second = LuceneSearchIndex.open(dir)) {
            assertThat(second.readOnly()).isTrue();
            assertThat(second.appliedSeq()).isEqualTo(4);
            assertThat(ids(second.search(SearchRequest.of("traffic", SearchMode.KEYWORD, 5), null))).containsExactly("2501.00002");
            assertThatThrownBy(() -> second.apply(List.of(), 5)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another Paperboy process");
        }
    }

    @Test
    void anIndexOfAnotherFormatIsEmptiedForARebuild() throws Exception {
        index.close();
        writeCommitOfAnotherFormat();
        index = LuceneSearchIndex.open(dir);
        assertThat(index.appliedSeq()).isZero();
        assertThat(index.stats().documents()).isZero();
    }

    @Test
    void anOpenWhoseFirstCommitFailsLeavesNoLockBehind() throws Exception {
        index.close();
        writeCommitOfAnotherFormat();
        // Emptying an index of another format commits on open; here the disk refuses to sync that commit.
        var failingSync = new org.apache.lucene.store.FilterDirectory(org.apache.lucene.store.FSDirectory.open(dir)) {
            @Override
            public void sync(java.util.Collection<String> names) throws java.io.IOException {
                throw new java.io.IOException("simulated: the disk refused to sync");
            }
        };
        assertThatThrownBy(() -> LuceneSearchIndex.open(failingSync, Ranking.DEFAULT))
                .hasMessageContaining("refused to sync");

        index = LuceneSearchIndex.open(dir);
        assertThat(index.readOnly()).as("the write lock was released").isFalse();
        assertThat(index.appliedSeq()).isZero();
    }

    @Test
    void aReadOnlyViewReportsACommitItCannotRead() throws Exception {
        try (LuceneSearchIndex second = LuceneSearchIndex.open(dir)) {
            assertThat(second.appliedSeq()).isEqualTo(4);
            try (var files = java.nio.file.Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                    java.nio.file.Files.delete(file);
                }
            }
            assertThatThrownBy(second::appliedSeq).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("last commit");
        }
    }

    @Test
    void aVectorTheIndexCannotTakeIsLeftOffItsPaperAlone() {
        List<SearchIndex.Refused> refused = index.apply(List.of(
                indexed(paper("2501.00005", "Folding, in eight dimensions", "A vector of the wrong size.", List.of(),
                        List.of("q-bio.BM"), "2025-04-01"), new float[8]),
                indexed(paper("2501.00006", "Folding, in 384 dimensions", "A vector of the right size.", List.of(),
                        List.of("q-bio.BM"), "2025-04-01"), axis(5))), 6);

        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.paper().value()).isEqualTo("2501.00005");
            assertThat(r.indexedWithoutVector()).isTrue();
            assertThat(r.reason()).contains("dimension");
        });
        assertThat(ids(search("ti:folding"))).containsExactlyInAnyOrder("2501.00005", "2501.00006");
        assertThat(index.vectorOf(new PaperId("2501.00005"))).isEmpty();
        assertThat(index.vectorOf(new PaperId("2501.00006"))).isPresent();
        assertThat(index.appliedSeq()).isEqualTo(6);
    }

    private void writeCommitOfAnotherFormat() throws java.io.IOException {
        try (var directory = org.apache.lucene.store.FSDirectory.open(dir);
             var writer = new org.apache.lucene.index.IndexWriter(directory, new org.apache.lucene.index.IndexWriterConfig())) {
            writer.setLiveCommitData(java.util.Map.of("paperboy.appliedSeq", "4", "paperboy.indexFormat", "1").entrySet());
            writer.commit();
        }
    }

    private SearchResults search(String query) {
        return index.search(SearchRequest.of(query, SearchMode.KEYWORD, 10), null);
    }

    static List<String> ids(SearchResults results) {
        return results.hits().stream().map(h -> h.id().value()).toList();
    }

    static Paper paper(String id, String title, String abstractText, List<String> authors, List<String> categories,
                       String announced) {
        return new Paper(new PaperId(id), 1, title, abstractText, authors, categories, null, null, null, null, null,
                null, LocalDate.parse(announced));
    }

    static IndexedPaper indexed(Paper paper, float[] vector) {
        return new IndexedPaper(paper, vector);
    }

    /** A unit vector along one of 384 axes: papers on different axes are unrelated, on the same axis identical. */
    static float[] axis(int i) {
        float[] v = new float[384];
        v[i] = 1f;
        return v;
    }
}
