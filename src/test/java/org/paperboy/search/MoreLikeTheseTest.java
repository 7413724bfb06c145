package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperboy.search.LuceneSearchIndexTest.axis;
import static org.paperboy.search.LuceneSearchIndexTest.indexed;
import static org.paperboy.search.LuceneSearchIndexTest.paper;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.PaperId;

/** Papers like a set of papers together (a reading list's "more like this"): by the mean of their vectors, never one of them. */
class MoreLikeTheseTest {

    private static final PaperId PROTEINS = new PaperId("2501.00001");
    private static final PaperId TRAFFIC = new PaperId("2501.00002");

    @TempDir
    Path dir;

    LuceneSearchIndex index;

    @BeforeEach
    void open() {
        index = LuceneSearchIndex.open(dir);
        index.apply(List.of(
                indexed(paper("2501.00001", "Protein structure prediction", "Folding proteins from sequence.",
                        List.of("A"), List.of("q-bio.BM"), "2025-01-02"), axis(0)),
                indexed(paper("2501.00002", "Traffic simulation", "City traffic for self-driving cars.",
                        List.of("B"), List.of("cs.RO"), "2025-01-03"), axis(1)),
                indexed(paper("2501.00003", "Proteins in traffic", "Between the two.",
                        List.of("C"), List.of("cs.LG"), "2025-01-04"), between(0, 1)),
                indexed(paper("2501.00004", "Folding again", "Proteins, nearly as the first.",
                        List.of("D"), List.of("q-bio.BM"), "2025-01-05"), nearly(0, 1)),
                indexed(paper("2501.00005", "Image generation", "Diffusion models for images.",
                        List.of("E"), List.of("cs.CV"), "2025-01-06"), axis(2)),
                indexed(paper("2501.00006", "Diffusion for video", "Diffusion models generate video from images.",
                        List.of("F"), List.of("cs.CV"), "2025-01-07"), null),
                indexed(paper("2501.00007", "Diffusion for audio", "Diffusion models generate audio.",
                        List.of("G"), List.of("cs.SD"), "2025-01-08"), null)), 7);
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void theNearestToTheMeanOfTheirVectorsComesFirstAndNoneOfThemIsAnswered() {
        assertThat(index.similar(PROTEINS, 1)).extracting(h -> h.id().value()).as("one paper alone")
                .containsExactly("2501.00004");
        List<String> together = index.similar(List.of(PROTEINS, TRAFFIC), 3).stream().map(h -> h.id().value()).toList();
        assertThat(together).first().as("between both").isEqualTo("2501.00003");
        assertThat(together).doesNotContain("2501.00001", "2501.00002").hasSize(3);
    }

    @Test
    void papersWithoutVectorsAreMatchedByTheirWords() {
        List<String> like = index.similar(List.of(new PaperId("2501.00006"), new PaperId("2501.00007")), 3).stream()
                .map(h -> h.id().value()).toList();
        assertThat(like).first().isEqualTo("2501.00005");
        assertThat(like).doesNotContain("2501.00006", "2501.00007");
    }

    @Test
    void papersNotInTheIndexFindNothing() {
        assertThat(index.similar(List.of(new PaperId("2599.99999")), 3)).isEmpty();
    }

    private static float[] between(int a, int b) {
        float[] v = new float[384];
        v[a] = v[b] = (float) Math.sqrt(0.5);
        return v;
    }

    /** Mostly along {@code a}, a little along {@code b}: nearer to a alone than {@link #between} is. */
    private static float[] nearly(int a, int b) {
        float[] v = new float[384];
        v[a] = 0.98f;
        v[b] = (float) Math.sqrt(1 - 0.98 * 0.98);
        return v;
    }
}
