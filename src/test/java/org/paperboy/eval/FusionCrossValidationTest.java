package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.paperboy.search.Fusion;
import org.paperboy.search.Fusion.Scored;

class FusionCrossValidationTest {

    @Test
    void foldsAreDeterministicDisjointAndBalanced() {
        List<String> ids = IntStream.range(0, 809).mapToObj(i -> "q" + i).toList();
        List<List<String>> folds = FusionCrossValidation.folds(ids, 5);
        assertThat(FusionCrossValidation.folds(ids, 5)).isEqualTo(folds);
        assertThat(folds).hasSize(5).allSatisfy(f -> assertThat(f.size()).isBetween(161, 162));
        List<String> all = folds.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(809).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(folds.getFirst().subList(0, 10)).as("shuffled, not cut in runs")
                .isNotEqualTo(ids.subList(0, 10));
        assertThatThrownBy(() -> FusionCrossValidation.folds(ids, 1)).hasMessageContaining("2 to 809 folds");
    }

    /**
     * Twenty queries, each with one relevant document: first in the keyword ranking and tenth in the semantic one
     * (nine distractors ahead of it, one behind). Every fold chooses the smallest alpha that keeps it first, and the held-out
     * score is then perfect; RRF with equal weights puts it first too (1/61 + 1/70 beats any distractor's 1/(60+r)).
     */
    @Test
    void choosesOnTheOtherFoldsAndScoresOnTheHeldOutOne() {
        Map<String, Map<String, Integer>> judgments = new HashMap<>();
        Map<String, FusionCrossValidation.Candidates> candidates = new HashMap<>();
        for (int q = 0; q < 20; q++) {
            String relevant = "rel" + q;
            judgments.put("q" + q, Map.of(relevant, 1));
            List<Scored<String>> keyword = new ArrayList<>(List.of(new Scored<>(relevant, 12f)));
            List<Scored<String>> semantic = new ArrayList<>();
            for (int d = 0; d < 9; d++) {
                keyword.add(new Scored<>("kw" + q + "-" + d, 11f - d));
                semantic.add(new Scored<>("sem" + q + "-" + d, 0.9f - d * 0.01f));
            }
            semantic.add(new Scored<>(relevant, 0.5f));
            semantic.add(new Scored<>("last" + q, 0.1f));
            candidates.put("q" + q, new FusionCrossValidation.Candidates(keyword, semantic));
        }
        FusionCrossValidation cv = new FusionCrossValidation(candidates, Qrels.of(judgments), 4);
        List<Fusion> alphas = List.of(new Fusion.Convex(1f, Fusion.Normalization.MIN_MAX),
                new Fusion.Convex(0.5f, Fusion.Normalization.MIN_MAX),
                new Fusion.Convex(0f, Fusion.Normalization.MIN_MAX));
        FusionCrossValidation.Result convex = cv.run(new FusionCrossValidation.Method("convex", alphas));
        assertThat(convex.folds()).hasSize(4).allSatisfy(fold -> {
            assertThat(fold.chosen()).isEqualTo(new Fusion.Convex(0.5f, Fusion.Normalization.MIN_MAX));
            assertThat(fold.heldOutNdcg()).isEqualTo(1.0);
            assertThat(fold.queries()).isEqualTo(5);
        });
        assertThat(convex.ndcg()).isEqualTo(1.0);
        assertThat(new HashSet<>(convex.heldOutNdcg().keySet())).hasSize(20);

        FusionCrossValidation.Result semanticOnly = cv.run(new FusionCrossValidation.Method("semantic",
                List.of(new Fusion.Convex(1f, Fusion.Normalization.MIN_MAX))));
        assertThat(semanticOnly.ndcg()).as("rank 10: 1 / log2(11)").isCloseTo(1 / (Math.log(11) / Math.log(2)),
                org.assertj.core.api.Assertions.within(1e-9));
        double[] diff = FusionCrossValidation.pairedDifference(convex, semanticOnly);
        assertThat(diff[0]).isCloseTo(1 - semanticOnly.ndcg(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(FusionCrossValidation.table(List.of(semanticOnly, convex)))
                .contains("| convex | 1 | 5 | convex(alpha=0.50, minmax) |")
                .contains("| convex | 3 | 1.0000 | 1.0000 | 1.0000 |");
    }

    @Test
    void everyJudgedQueryNeedsCandidates() {
        assertThatThrownBy(() -> new FusionCrossValidation(Map.of(), Qrels.of(Map.of("q1", Map.of("d", 1))), 2))
                .hasMessageContaining("no candidates for judged query q1");
    }
}
