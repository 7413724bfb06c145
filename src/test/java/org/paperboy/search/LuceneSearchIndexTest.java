package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * What only the embedded Lucene index does (a read-only view for a second process, its commit format, its time
 * budget); what every engine does is in {@link SearchIndexContract}.
 */
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
