package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperboy.search.SearchMode;
import org.paperboy.testing.Fixtures;

/**
 * The evaluation end to end over the tiny BEIR fixture (fixtures/beir-tiny: six made-up abstracts, four queries of
 * which three are judged) with an in-memory retriever whose rankings are fixed, so every number is known by hand.
 */
class EvaluationTest {

    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    private static final double LOG2_6 = Math.log(6) / Math.log(2);

    /**
     * Keyword "system", query by query (qrels: q1 d1=2 d3=1 d5=1; q2 d2=1 d4=0; q3 d6=1):
     * <pre>
     * q1  d3 d2 d1 d4 d5 d6   nDCG@10 = (1 + 2/2 + 1/log2 6) / (2 + 1/log2 3 + 1/2) = 2.386853 / 3.130930 = 0.762346
     *                         Recall@100 = 3/3 = 1        MRR@10 = 1/1
     * q2  d4 d6 d2            nDCG@10 = (1/log2 4) / 1 = 0.5 (d4 is judged, grade 0: no gain)
     *                         Recall@100 = 1/1 = 1        MRR@10 = 1/3
     * q3  (nothing)           0, 0, 0
     * mean                    nDCG@10 = 1.262346 / 3 = 0.420782   Recall@100 = 2/3 = 0.666667   MRR@10 = 4/3 / 3 = 0.444444
     * </pre>
     * The "semantic" system ranks every relevant document first, in grade order: 1, 1, 1.
     */
    private static final Map<String, List<String>> KEYWORD = Map.of(
            "Graphene has a high thermal conductivity.", List.of("d3", "d2", "d1", "d4", "d5", "d6"),
            "Gut microbiota from obese donors cause weight gain in mice.", List.of("d4", "d6", "d2"),
            "Zebrafish can regenerate fins.", List.of());
    private static final Map<String, List<String>> SEMANTIC = Map.of(
            "Graphene has a high thermal conductivity.", List.of("d1", "d5", "d3", "d2"),
            "Gut microbiota from obese donors cause weight gain in mice.", List.of("d2", "d4"),
            "Zebrafish can regenerate fins.", List.of("d6"));

    private BeirQueries queries;
    private Qrels qrels;
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void load() throws IOException {
        queries = BeirQueries.load(Fixtures.resource("/fixtures/beir-tiny/queries.jsonl"));
        qrels = Qrels.load(Fixtures.resource("/fixtures/beir-tiny/qrels/train.tsv"));
    }

    private final Retriever fixed = (query, mode, k) -> {
        asked.add(mode.label() + ": " + query);
        assertThat(k).isEqualTo(100);
        return (mode == SearchMode.KEYWORD ? KEYWORD : SEMANTIC).get(query);
    };

    /** A clock under which the queries take 2, 5 and 1 ms in turn (median 2), then 4, 4 and 9 (median 4). */
    private static LongSupplier clock() {
        long[] ticks = {0, 2, 10, 15, 20, 21, 30, 34, 40, 44, 50, 59};
        int[] next = {0};
        return () -> ticks[next[0]++] * 1_000_000L;
    }

    @Test
    void scoresEveryJudgedQueryAndOnlyThose() {
        Evaluation evaluation = new Evaluation(queries, qrels, clock());
        List<Evaluation.ModeResult> results = evaluation.run(fixed, List.of(SearchMode.KEYWORD, SearchMode.SEMANTIC));

        assertThat(asked).containsExactly(
                "keyword: Graphene has a high thermal conductivity.",
                "keyword: Gut microbiota from obese donors cause weight gain in mice.",
                "keyword: Zebrafish can regenerate fins.",
                "semantic: Graphene has a high thermal conductivity.",
                "semantic: Gut microbiota from obese donors cause weight gain in mice.",
                "semantic: Zebrafish can regenerate fins.");

        Evaluation.ModeResult keyword = results.get(0);
        double q1 = (1 + 1 + 1 / LOG2_6) / (2 + 1 / LOG2_3 + 0.5);
        assertThat(keyword.perQuery()).extracting(Evaluation.QueryScore::queryId).containsExactly("q1", "q2", "q3");
        assertThat(keyword.perQuery().get(0).ndcg()).isCloseTo(q1, within(1e-12));
        assertThat(keyword.perQuery().get(0).ndcg()).isCloseTo(0.762346, within(1e-6));
        assertThat(keyword.perQuery().get(1).ndcg()).isCloseTo(0.5, within(1e-12));
        assertThat(keyword.perQuery().get(1).mrr()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(keyword.perQuery().get(2).ndcg()).isZero();
        assertThat(keyword.perQuery().get(2).retrieved()).isZero();
        assertThat(keyword.ndcg()).isCloseTo((q1 + 0.5) / 3, within(1e-12));
        assertThat(keyword.ndcg()).isCloseTo(0.420782, within(1e-6));
        assertThat(keyword.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(keyword.mrr()).isCloseTo(4.0 / 9, within(1e-12));
        assertThat(keyword.queries()).isEqualTo(3);
        assertThat(keyword.medianMillis()).isEqualTo(2.0);

        Evaluation.ModeResult semantic = results.get(1);
        assertThat(semantic.ndcg()).isCloseTo(1.0, within(1e-12));
        assertThat(semantic.recall()).isCloseTo(1.0, within(1e-12));
        assertThat(semantic.mrr()).isCloseTo(1.0, within(1e-12));
        assertThat(semantic.medianMillis()).isEqualTo(4.0);

        assertThat(Evaluation.table(results)).isEqualTo("""
                | mode     | nDCG@10 | Recall@100 | MRR@10 | queries | ms/query (median) |
                |----------|--------:|-----------:|-------:|--------:|------------------:|
                | keyword  |  0.4208 |     0.6667 | 0.4444 |       3 |              2.00 |
                | semantic |  1.0000 |     1.0000 | 1.0000 |       3 |              4.00 |
                """);

        assertThat(Evaluation.perQueryTsv(results)).startsWith("""
                mode\tquery-id\tndcg@10\trecall@100\tmrr@10\tretrieved\tms
                keyword\tq1\t0.7623\t1.0000\t1.0000\t6\t2.000
                keyword\tq2\t0.5000\t1.0000\t0.3333\t3\t5.000
                keyword\tq3\t0.0000\t0.0000\t0.0000\t0\t1.000
                semantic\tq1\t1.0000\t1.0000\t1.0000\t4\t4.000
                """);
    }

    @Test
    void rankingsAsATrecRun() {
        Evaluation.ModeResult keyword = new Evaluation(queries, qrels, clock()).run(fixed, SearchMode.KEYWORD);
        assertThat(Evaluation.trecRun(keyword)).isEqualTo("""
                q1 Q0 d3 1 100 paperboy-keyword
                q1 Q0 d2 2 99 paperboy-keyword
                q1 Q0 d1 3 98 paperboy-keyword
                q1 Q0 d4 4 97 paperboy-keyword
                q1 Q0 d5 5 96 paperboy-keyword
                q1 Q0 d6 6 95 paperboy-keyword
                q2 Q0 d4 1 100 paperboy-keyword
                q2 Q0 d6 2 99 paperboy-keyword
                q2 Q0 d2 3 98 paperboy-keyword
                """);
    }

    @Test
    void onlyTheTopHundredCountAndDuplicatesCountOnce() {
        Qrels one = Qrels.of(Map.of("q", Map.of("deep", 1)));
        BeirQueries text = BeirQueries.of(Map.of("q", "anything"));
        List<String> long_ = new ArrayList<>(IntStream.range(0, 100).mapToObj(i -> "n" + i).toList());
        long_.add("deep");
        Evaluation.ModeResult tooDeep = new Evaluation(text, one).run((q, m, k) -> long_, SearchMode.KEYWORD);
        assertThat(tooDeep.recall()).isZero();
        assertThat(tooDeep.perQuery().getFirst().retrieved()).isEqualTo(100);

        // with a duplicate in the top 100, "deep" is at rank 100 once the list closes up
        List<String> withDuplicate = new ArrayList<>(IntStream.range(0, 99).mapToObj(i -> "n" + i).toList());
        withDuplicate.add(1, "n0");
        withDuplicate.add("deep");
        assertThat(withDuplicate).hasSize(101);
        Evaluation.ModeResult duplicate = new Evaluation(text, one).run((q, m, k) -> withDuplicate, SearchMode.KEYWORD);
        assertThat(duplicate.recall()).isZero(); // the 101st entry is cut before de-duplication: trec_eval's depth
        withDuplicate.removeLast();
        withDuplicate.add(50, "deep");
        Evaluation.ModeResult found = new Evaluation(text, one).run((q, m, k) -> withDuplicate, SearchMode.KEYWORD);
        assertThat(found.recall()).isEqualTo(1.0);
        assertThat(found.mrr()).isZero(); // rank 51 (50 once the duplicate is dropped) is below MRR's cutoff of 10
    }

    @Test
    void judgedQueryMissingFromTheQueriesFileIsRefused() {
        Qrels judged = Qrels.of(Map.of("q1", Map.of("d1", 1), "q77", Map.of("d1", 1)));
        assertThatThrownBy(() -> new Evaluation(queries, judged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 judged query is not in the queries file: q77");
    }

    @Test
    void retrieverFailureNamesTheQuery() {
        Evaluation evaluation = new Evaluation(queries, qrels);
        assertThatThrownBy(() -> evaluation.run((q, m, k) -> {
            throw new IllegalStateException("index closed");
        }, SearchMode.HYBRID)).hasMessage("retrieval failed for query q1 (hybrid): index closed");
        assertThatThrownBy(() -> evaluation.run((q, m, k) -> null, SearchMode.KEYWORD))
                .hasMessage("the retriever returned null for query q1");
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(Evaluation.median(new double[] {})).isZero();
        assertThat(Evaluation.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Evaluation.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
