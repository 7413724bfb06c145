package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

    private static final Offset<Double> EXACT = within(1e-9);

    /** log2(3) and log2(6), which the hand computations below use. */
    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    private static final double LOG2_6 = Math.log(6) / Math.log(2);

    /**
     * Three relevant documents, graded: d1 = 2, d3 = 1, d5 = 1. The system ranks d3 d2 d1 d4 d5 d6.
     *
     * <pre>
     * rank  doc  grade  discount log2(rank+1)  gain/discount
     *  1    d3   1      1                      1
     *  2    d2   -      1.585                  0
     *  3    d1   2      2                      1
     *  4    d4   -      2.322                  0
     *  5    d5   1      2.585                  0.386853
     *  6    d6   -      2.807                  0
     * DCG@10 = 2.386853
     * ideal: d1 d3 d5 = 2/1 + 1/log2(3) + 1/log2(4) = 2 + 0.630930 + 0.5 = 3.130930
     * nDCG@10 = 2.386853 / 3.130930 = 0.762346
     * nDCG@3  = (1 + 0 + 1) / 3.130930 = 0.638788   (the ideal is cut at 3 too: all three fit)
     * nDCG@1  = 1 / 2 = 0.5                          (ideal@1: d1's gain 2)
     * Recall@100 = 3/3 = 1; Recall@3 = 2/3 (d3, d1); Recall@1 = 1/3
     * MRR@10 = 1/1 (d3 is relevant); MRR@1 = 1
     * </pre>
     */
    @Test
    void workedExampleWithGradedJudgments() {
        Map<String, Integer> judged = Map.of("d1", 2, "d3", 1, "d5", 1);
        List<String> ranking = List.of("d3", "d2", "d1", "d4", "d5", "d6");

        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10)).isCloseTo(0.762346330035624, EXACT);
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10))
                .isCloseTo((1 + 1 + 1 / LOG2_6) / (2 + 1 / LOG2_3 + 0.5), EXACT);
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 3)).isCloseTo(2 / (2 + 1 / LOG2_3 + 0.5), EXACT);
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 1)).isCloseTo(0.5, EXACT);
        assertThat(RetrievalMetrics.recall(ranking, judged, 100)).isCloseTo(1.0, EXACT);
        assertThat(RetrievalMetrics.recall(ranking, judged, 3)).isCloseTo(2.0 / 3, EXACT);
        assertThat(RetrievalMetrics.recall(ranking, judged, 1)).isCloseTo(1.0 / 3, EXACT);
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 10)).isCloseTo(1.0, EXACT);
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 1)).isCloseTo(1.0, EXACT);
    }

    /**
     * The ideal ranking sorts judged documents by grade, highest first, whatever order the judgments come in:
     * a = 1, b = 3, c = 2 ranked a b c gives DCG = 1/1 + 3/log2(3) + 2/2 = 3.892789;
     * ideal b c a = 3/1 + 2/log2(3) + 1/2 = 4.761860; nDCG = 0.817494.
     */
    @Test
    void idealOrdersJudgedDocumentsByGrade() {
        Map<String, Integer> judged = new LinkedHashMap<>();
        judged.put("a", 1);
        judged.put("b", 3);
        judged.put("c", 2);
        assertThat(RetrievalMetrics.ndcg(List.of("a", "b", "c"), judged, 10))
                .isCloseTo((1 + 3 / LOG2_3 + 1) / (3 + 2 / LOG2_3 + 0.5), EXACT)
                .isCloseTo(0.8174935137996165, EXACT);
        assertThat(RetrievalMetrics.ndcg(List.of("b", "c", "a"), judged, 10)).isCloseTo(1.0, EXACT);
    }

    /** The ideal DCG counts relevant documents the system did not retrieve: d5 is missing, so nDCG < 1. */
    @Test
    void idealCountsRelevantDocumentsNotRetrieved() {
        Map<String, Integer> judged = Map.of("d1", 1, "d5", 1);
        // DCG = 1; ideal = 1 + 1/log2(3) = 1.630930; nDCG = 0.613147
        assertThat(RetrievalMetrics.ndcg(List.of("d1", "d2"), judged, 10)).isCloseTo(1 / (1 + 1 / LOG2_3), EXACT);
        assertThat(RetrievalMetrics.recall(List.of("d1", "d2"), judged, 10)).isCloseTo(0.5, EXACT);
    }

    @Test
    void noRelevantDocumentRetrievedScoresZero() {
        Map<String, Integer> judged = Map.of("r1", 1, "r2", 2, "n1", 0);
        List<String> ranking = List.of("n1", "x", "y");
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10)).isZero();
        assertThat(RetrievalMetrics.recall(ranking, judged, 100)).isZero();
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 10)).isZero();
    }

    @Test
    void relevantDocumentBelowTheCutoffDoesNotCount() {
        List<String> ranking = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ranking.add("n" + i);
        }
        ranking.add("r");
        Map<String, Integer> judged = Map.of("r", 1);
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10)).isZero();
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 10)).isZero();
        assertThat(RetrievalMetrics.recall(ranking, judged, 10)).isZero();
        // at 11 it counts: MRR 1/11, DCG 1/log2(12), ideal 1
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 11)).isCloseTo(1.0 / 11, EXACT);
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 11)).isCloseTo(Math.log(2) / Math.log(12), EXACT);
        assertThat(RetrievalMetrics.recall(ranking, judged, 100)).isCloseTo(1.0, EXACT);
    }

    /**
     * Twelve relevant documents (grade 1) and k = 10: the system that returns them all first has nDCG@10 = 1 (the ideal
     * is cut at 10 as well) and MRR 1, but Recall@10 = 10/12: recall divides by every relevant document.
     */
    @Test
    void moreRelevantDocumentsThanTheCutoff() {
        Map<String, Integer> judged = new LinkedHashMap<>();
        List<String> ranking = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            judged.put("r" + i, 1);
            ranking.add("r" + i);
        }
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10)).isCloseTo(1.0, EXACT);
        assertThat(RetrievalMetrics.recall(ranking, judged, 10)).isCloseTo(10.0 / 12, EXACT);
        assertThat(RetrievalMetrics.recall(ranking, judged, 100)).isCloseTo(1.0, EXACT);
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 10)).isCloseTo(1.0, EXACT);
    }

    /**
     * A document listed twice counts once, at its first rank, and the list closes up: x r1 x r1 r2 is scored as
     * x r1 r2. DCG = 1/log2(3) + 1/log2(4) = 1.130930; ideal (two relevant) = 1 + 1/log2(3) = 1.630930;
     * nDCG = 0.693426. Recall@3 = 2/2 (counting copies would give x r1 x: 1/2); MRR = 1/2.
     */
    @Test
    void duplicateDocumentsCountOnce() {
        Map<String, Integer> judged = Map.of("r1", 1, "r2", 1);
        List<String> ranking = List.of("x", "r1", "x", "r1", "r2");
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10))
                .isCloseTo((1 / LOG2_3 + 0.5) / (1 + 1 / LOG2_3), EXACT)
                .isCloseTo(0.6934264036172708, EXACT);
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10)).isLessThanOrEqualTo(1.0);
        assertThat(RetrievalMetrics.recall(ranking, judged, 3)).isCloseTo(1.0, EXACT);
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 10)).isCloseTo(0.5, EXACT);
        // a relevant document repeated at the top cannot push nDCG above 1 or recall above 1
        List<String> repeated = List.of("r1", "r1", "r1", "r1");
        assertThat(RetrievalMetrics.ndcg(repeated, Map.of("r1", 1), 10)).isCloseTo(1.0, EXACT);
        assertThat(RetrievalMetrics.recall(repeated, Map.of("r1", 1, "r2", 1), 10)).isCloseTo(0.5, EXACT);
    }

    @Test
    void emptyRankingScoresZero() {
        Map<String, Integer> judged = Map.of("r", 1);
        assertThat(RetrievalMetrics.ndcg(List.of(), judged, 10)).isZero();
        assertThat(RetrievalMetrics.recall(List.of(), judged, 100)).isZero();
        assertThat(RetrievalMetrics.reciprocalRank(List.of(), judged, 10)).isZero();
    }

    /** A query whose judgments are all non-relevant has no ideal ranking: 0 everywhere, never NaN (as trec_eval). */
    @Test
    void queryWithoutRelevantDocumentsScoresZeroNotNaN() {
        Map<String, Integer> judged = Map.of("a", 0, "b", 0);
        List<String> ranking = List.of("a", "b");
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10)).isZero();
        assertThat(RetrievalMetrics.recall(ranking, judged, 100)).isZero();
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 10)).isZero();
        assertThat(RetrievalMetrics.ndcg(ranking, Map.of(), 10)).isZero();
    }

    /** Negative grades (trec_eval's "unjudged in the pool") and grade 0 are non-relevant: no gain, not in recall. */
    @Test
    void negativeAndZeroGradesAreNotRelevant() {
        Map<String, Integer> judged = Map.of("a", -1, "z", 0, "b", 1);
        List<String> ranking = List.of("a", "z", "b");
        // DCG = 1/log2(4) = 0.5; ideal = 1 (b alone)
        assertThat(RetrievalMetrics.ndcg(ranking, judged, 10)).isCloseTo(0.5, EXACT);
        assertThat(RetrievalMetrics.recall(ranking, judged, 10)).isCloseTo(1.0, EXACT);
        assertThat(RetrievalMetrics.reciprocalRank(ranking, judged, 10)).isCloseTo(1.0 / 3, EXACT);
    }

    /** No scores: documents are ranked in the order given, so swapping two tied documents changes the result. */
    @Test
    void orderGivenIsTheRanking() {
        Map<String, Integer> judged = Map.of("b", 1);
        assertThat(RetrievalMetrics.reciprocalRank(List.of("a", "b"), judged, 10)).isCloseTo(0.5, EXACT);
        assertThat(RetrievalMetrics.reciprocalRank(List.of("b", "a"), judged, 10)).isCloseTo(1.0, EXACT);
        assertThat(RetrievalMetrics.ndcg(List.of("a", "b"), judged, 10)).isCloseTo(1 / LOG2_3, EXACT);
    }

    @Test
    void cutoffMustBePositive() {
        assertThatThrownBy(() -> RetrievalMetrics.ndcg(List.of("a"), Map.of("a", 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> RetrievalMetrics.recall(List.of("a"), Map.of("a", 1), -3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrievalMetrics.reciprocalRank(List.of("a"), Map.of("a", 1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meanOfNothingIsZero() {
        assertThat(RetrievalMetrics.mean(List.of())).isZero();
        assertThat(RetrievalMetrics.mean(List.of(1.0, 0.0, 0.5))).isCloseTo(0.5, EXACT);
    }
}
