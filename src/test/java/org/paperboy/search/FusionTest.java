package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperboy.search.Fusion.Convex;
import org.paperboy.search.Fusion.Normalization;
import org.paperboy.search.Fusion.ReciprocalRank;
import org.paperboy.search.Fusion.Scored;

class FusionTest {

    /** BM25-like scores on one side, cosine-like on the other; b and a are found by both, c and d by one each. */
    static final List<Scored<String>> KEYWORD = List.of(s("a", 10), s("b", 5), s("c", 0));
    static final List<Scored<String>> SEMANTIC = List.of(s("b", 0.9f), s("d", 0.8f), s("a", 0.7f));

    @Test
    void minMaxMapsEachRankingOntoZeroToOne() {
        assertThat(Normalization.MIN_MAX.apply(KEYWORD)).containsExactly(1f, 0.5f, 0f);
        assertThat(Normalization.MIN_MAX.apply(SEMANTIC)).containsExactly(new float[] {1f, 0.5f, 0f}, within(1e-6f));
        assertThat(Normalization.MIN_MAX.apply(List.of(s("x", 3), s("y", 3)))).as("all equal").containsExactly(1f, 1f);
    }

    @Test
    void zScoreCentresAndScales() {
        float z = (float) (5 / Math.sqrt(50 / 3.0)); // population standard deviation of 10, 5, 0
        assertThat(Normalization.Z_SCORE.apply(KEYWORD)).containsExactly(new float[] {z, 0, -z}, within(1e-5f));
        assertThat(Normalization.Z_SCORE.apply(List.of(s("x", 3), s("y", 3)))).containsExactly(0f, 0f);
    }

    /** a: 0.5·1 + 0.5·0 = 0.5; b: 0.5·0.5 + 0.5·1 = 0.75; c: 0 + the semantic floor 0; d: the keyword floor 0 + 0.25. */
    @Test
    void convexCombinesNormalisedScoresAndGivesTheMissingSideItsFloor() {
        List<Scored<String>> fused = new Convex(0.5f, Normalization.MIN_MAX).fuse(KEYWORD, SEMANTIC, 10);
        assertThat(fused.stream().map(Scored::id)).containsExactly("b", "a", "d", "c");
        float[] scores = new float[fused.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = fused.get(i).score();
        }
        assertThat(scores).containsExactly(new float[] {0.75f, 0.5f, 0.25f, 0f}, within(1e-6f));
        assertThat(new Convex(0f, Normalization.MIN_MAX).fuse(KEYWORD, SEMANTIC, 10).stream().map(Scored::id))
                .as("alpha 0: keyword order; the tie of c and d keeps the keyword side's first").containsExactly("a", "b", "c", "d");
        assertThat(new Convex(1f, Normalization.Z_SCORE).fuse(KEYWORD, SEMANTIC, 2).stream().map(Scored::id))
                .as("alpha 1: semantic order, cut at n").containsExactly("b", "d");
    }

    @Test
    void reciprocalRankUsesRanksOnly() {
        List<Scored<String>> fused = new ReciprocalRank(60, 1f).fuse(KEYWORD, SEMANTIC, 10);
        assertThat(fused.stream().map(Scored::id)).containsExactly("b", "a", "d", "c");
        assertThat(fused.getFirst().score()).isEqualTo(1f / 62 + 1f / 61);
        assertThat(new ReciprocalRank(60, 0f).fuse(KEYWORD, SEMANTIC, 10).stream().map(Scored::id))
                .as("semantic weight 0: keyword order, d last").containsExactly("a", "b", "c", "d");
    }

    @Test
    void oneSideEmptyLeavesTheOther() {
        assertThat(new Convex(0.5f, Normalization.Z_SCORE).fuse(KEYWORD, List.of(), 10).stream().map(Scored::id))
                .containsExactly("a", "b", "c");
    }

    @Test
    void badParametersAreRefused() {
        assertThatThrownBy(() -> new Convex(1.5f, Normalization.MIN_MAX)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReciprocalRank(-1, 1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Normalization.parse("l2")).hasMessageContaining("'minmax' or 'zscore'");
    }

    private static Scored<String> s(String id, float score) {
        return new Scored<>(id, score);
    }
}
