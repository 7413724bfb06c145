package org.paperboy.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The standard ranked-retrieval measures, defined as trec_eval 9.0 (and so pytrec_eval and the BEIR paper) define them.
 *
 * <p>A <em>ranking</em> is the list of document ids a system returned for a query, best first. Its order is the
 * ranking: there are no scores, so documents a system scored equally are ranked in the order it listed them (trec_eval,
 * which sorts a run by score, breaks such ties by document id instead). A document listed again further down counts
 * only once, at its first position: later copies are dropped and the documents after them move up (trec_eval refuses
 * a run with duplicates). <em>Judgments</em> map document ids to integer grades; a document absent from them is
 * non-relevant, and a document is relevant when its grade is above 0.
 *
 * <ul>
 *   <li>{@link #ndcg nDCG@k} (trec_eval {@code ndcg_cut.k}): DCG@k = sum over ranks r = 1..k of gain(r) / log2(r + 1),
 *       where gain is the document's grade when above 0, else 0. The ideal DCG@k is the DCG@k of every judged document
 *       with a grade above 0 sorted by grade, highest first, whether retrieved or not. nDCG@k = DCG@k / ideal DCG@k,
 *       and 0 for a query with no relevant document.</li>
 *   <li>{@link #recall Recall@k} (trec_eval {@code recall.k}): relevant documents in the top k, divided by all the
 *       query's relevant documents (not by k, and not capped at k: a query with more than k relevant documents cannot
 *       reach 1); 0 for a query with no relevant document.</li>
 *   <li>{@link #reciprocalRank MRR@k} (BEIR's {@code MRR@k}; trec_eval's {@code recip_rank} over the top k): 1 / the
 *       rank of the first relevant document within the top k, else 0.</li>
 * </ul>
 *
 * A query with an empty ranking scores 0 on all three. Means are arithmetic means over the queries evaluated.
 */
public final class RetrievalMetrics {

    private RetrievalMetrics() {}

    public static double ndcg(List<String> ranking, Map<String, Integer> judgments, int k) {
        requirePositive(k);
        List<String> ranked = distinct(ranking);
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            dcg += gain(judgments.get(ranked.get(i))) / log2(i + 2);
        }
        if (dcg == 0) {
            return 0;
        }
        List<Integer> ideal = new ArrayList<>();
        for (Integer grade : judgments.values()) {
            if (grade != null && grade > 0) {
                ideal.add(grade);
            }
        }
        ideal.sort((a, b) -> Integer.compare(b, a));
        double idealDcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idealDcg += ideal.get(i) / log2(i + 2);
        }
        return dcg / idealDcg;
    }

    public static double recall(List<String> ranking, Map<String, Integer> judgments, int k) {
        requirePositive(k);
        long relevant = judgments.values().stream().filter(RetrievalMetrics::isRelevant).count();
        if (relevant == 0) {
            return 0;
        }
        List<String> ranked = distinct(ranking);
        int found = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (isRelevant(judgments.get(ranked.get(i)))) {
                found++;
            }
        }
        return (double) found / relevant;
    }

    public static double reciprocalRank(List<String> ranking, Map<String, Integer> judgments, int k) {
        requirePositive(k);
        List<String> ranked = distinct(ranking);
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (isRelevant(judgments.get(ranked.get(i)))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    public static double mean(Collection<Double> values) {
        return values.isEmpty() ? 0 : values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    /** The ranking with every document after its first occurrence removed. */
    static List<String> distinct(List<String> ranking) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String id : ranking) {
            seen.add(Objects.requireNonNull(id, "a ranking holds a null document id"));
        }
        return seen.size() == ranking.size() ? ranking : List.copyOf(seen);
    }

    private static boolean isRelevant(Integer grade) {
        return grade != null && grade > 0;
    }

    private static double gain(Integer grade) {
        return isRelevant(grade) ? grade : 0;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    private static void requirePositive(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("cutoff k must be at least 1, not " + k);
        }
    }
}
