package org.paperboy.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.paperboy.search.Fusion;
import org.paperboy.search.Fusion.Scored;

/**
 * Chooses a hybrid fusion's parameters by k-fold cross-validation, so that the reported figure is one the choice was
 * not fitted to: the judged queries are split into k folds; for each fold, every candidate parameter setting of a
 * method is scored (mean nDCG@10) on the other folds, the best is chosen and then scored on the held-out fold. A
 * method's held-out score is the mean, over all queries, of each query's score under the setting chosen without it.
 *
 * <p>Every query's keyword and semantic candidates are retrieved once (by the real engine, see {@code paperboy eval
 * --folds}) and fused here with the same {@link Fusion} the index uses, which is what makes trying many settings
 * cheap; with the index's own candidates and fusion, this reproduces its hybrid ranking.
 */
public final class FusionCrossValidation {

    /** The fold assignment's seed: fixed, so every run (and every method) uses the same folds. */
    static final long SEED = 20_26_11_30L;

    /** A query's two rankings, best first, with corpus ids. */
    public record Candidates(List<Scored<String>> keyword, List<Scored<String>> semantic) {}

    /** A method: a name and the parameter settings it may choose from. */
    public record Method(String name, List<Fusion> settings) {}

    /** One fold: the setting chosen on the other folds, its score there, and its scores on this fold. */
    public record Fold(int fold, int queries, Fusion chosen, double trainNdcg, double heldOutNdcg,
                       double heldOutRecall, double heldOutMrr) {}

    /** A method's folds, its held-out means over all queries, and each query's held-out nDCG@10 (for paired tests). */
    public record Result(Method method, List<Fold> folds, double ndcg, double recall, double mrr,
                         Map<String, Double> heldOutNdcg) {}

    /**
     * The methods {@code paperboy eval --folds} compares: the index's default (RRF, k = 60, equal weights, nothing to
     * choose), RRF with k and the semantic weight chosen, and convex combinations of min-max or z-score normalised
     * scores with alpha chosen in steps of 0.05.
     */
    public static List<Method> standardMethods() {
        List<Fusion> rrf = new ArrayList<>();
        for (int k : new int[] {5, 10, 20, 40, 60, 100}) {
            for (float w : new float[] {0.5f, 0.75f, 1f, 1.25f, 1.5f, 2f, 3f}) {
                rrf.add(new Fusion.ReciprocalRank(k, w));
            }
        }
        return List.of(new Method("rrf default", List.of(new Fusion.ReciprocalRank(60, 1f))),
                new Method("rrf tuned", List.copyOf(rrf)),
                new Method("convex minmax", alphas(Fusion.Normalization.MIN_MAX)),
                new Method("convex zscore", alphas(Fusion.Normalization.Z_SCORE)));
    }

    private static List<Fusion> alphas(Fusion.Normalization normalization) {
        List<Fusion> settings = new ArrayList<>();
        for (int step = 0; step <= 20; step++) {
            settings.add(new Fusion.Convex(step / 20f, normalization));
        }
        return List.copyOf(settings);
    }

    private final Map<String, Candidates> candidates;
    private final Qrels qrels;
    private final List<List<String>> folds;

    public FusionCrossValidation(Map<String, Candidates> candidates, Qrels qrels, int folds) {
        for (String query : qrels.queryIds()) {
            if (!candidates.containsKey(query)) {
                throw new IllegalArgumentException("no candidates for judged query " + query);
            }
        }
        this.candidates = candidates;
        this.qrels = qrels;
        this.folds = folds(qrels.queryIds(), folds);
    }

    /**
     * Splits {@code queryIds} into {@code k} folds whose sizes differ by at most one: the ids are shuffled with a fixed
     * seed, then dealt round-robin. The same ids in the same order always give the same folds.
     */
    static List<List<String>> folds(List<String> queryIds, int k) {
        if (k < 2 || k > queryIds.size()) {
            throw new IllegalArgumentException("cross-validation needs 2 to " + queryIds.size() + " folds, not " + k);
        }
        List<String> shuffled = new ArrayList<>(queryIds);
        Collections.shuffle(shuffled, new Random(SEED));
        List<List<String>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        for (int i = 0; i < shuffled.size(); i++) {
            folds.get(i % k).add(shuffled.get(i));
        }
        return folds.stream().map(List::copyOf).toList();
    }

    public List<List<String>> folds() {
        return folds;
    }

    public Result run(Method method) {
        Map<Fusion, Map<String, double[]>> scores = new HashMap<>();
        for (Fusion setting : method.settings()) {
            scores.put(setting, scoreAll(setting));
        }
        List<Fold> results = new ArrayList<>();
        Map<String, Double> heldOut = new HashMap<>();
        double[] sums = new double[3];
        for (int f = 0; f < folds.size(); f++) {
            List<String> test = folds.get(f);
            List<String> train = new ArrayList<>();
            for (int other = 0; other < folds.size(); other++) {
                if (other != f) {
                    train.addAll(folds.get(other));
                }
            }
            Fusion chosen = null;
            double best = Double.NEGATIVE_INFINITY;
            for (Fusion setting : method.settings()) { // the first of equals wins: settings come in a fixed order
                double ndcg = mean(scores.get(setting), train, 0);
                if (ndcg > best) {
                    best = ndcg;
                    chosen = setting;
                }
            }
            Map<String, double[]> chosenScores = scores.get(chosen);
            for (String query : test) {
                double[] s = chosenScores.get(query);
                heldOut.put(query, s[0]);
                for (int m = 0; m < 3; m++) {
                    sums[m] += s[m];
                }
            }
            results.add(new Fold(f + 1, test.size(), chosen, best, mean(chosenScores, test, 0),
                    mean(chosenScores, test, 1), mean(chosenScores, test, 2)));
        }
        int n = qrels.queryCount();
        return new Result(method, List.copyOf(results), sums[0] / n, sums[1] / n, sums[2] / n, Map.copyOf(heldOut));
    }

    /** nDCG@10, Recall@100 and MRR@10 of every query under one setting. */
    private Map<String, double[]> scoreAll(Fusion setting) {
        Map<String, double[]> out = new HashMap<>();
        for (String query : qrels.queryIds()) {
            Candidates c = candidates.get(query);
            List<String> ranking = setting.fuse(c.keyword(), c.semantic(), Evaluation.DEPTH).stream()
                    .map(Scored::id).toList();
            Map<String, Integer> judged = qrels.judgments(query);
            out.put(query, new double[] {
                    RetrievalMetrics.ndcg(ranking, judged, Evaluation.NDCG_CUTOFF),
                    RetrievalMetrics.recall(ranking, judged, Evaluation.RECALL_CUTOFF),
                    RetrievalMetrics.reciprocalRank(ranking, judged, Evaluation.MRR_CUTOFF)});
        }
        return out;
    }

    private static double mean(Map<String, double[]> scores, List<String> queries, int measure) {
        double sum = 0;
        for (String query : queries) {
            sum += scores.get(query)[measure];
        }
        return queries.isEmpty() ? 0 : sum / queries.size();
    }

    /**
     * The mean per-query difference of held-out nDCG@10 ({@code a} minus {@code b}) and its standard error: a
     * difference within about two standard errors is noise.
     */
    public static double[] pairedDifference(Result a, Result b) {
        List<Double> diffs = new ArrayList<>();
        a.heldOutNdcg().forEach((query, score) -> diffs.add(score - b.heldOutNdcg().get(query)));
        double mean = diffs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double var = diffs.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / Math.max(1, diffs.size() - 1);
        return new double[] {mean, Math.sqrt(var / Math.max(1, diffs.size()))};
    }

    /** The results as Markdown: one row per method and fold, then the held-out means and the paired differences. */
    public static String table(List<Result> results) {
        StringBuilder out = new StringBuilder("| method | fold | queries | chosen | nDCG@10 (train folds) "
                + "| nDCG@10 (held out) | Recall@100 (held out) | MRR@10 (held out) |\n"
                + "|---|---:|---:|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            for (Fold f : r.folds()) {
                out.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %.4f | %.4f | %.4f | %.4f |%n",
                        r.method().name(), f.fold(), f.queries(), f.chosen(), f.trainNdcg(), f.heldOutNdcg(),
                        f.heldOutRecall(), f.heldOutMrr()));
            }
        }
        out.append("\n| method | settings tried | nDCG@10 (held out) | Recall@100 (held out) | MRR@10 (held out) "
                + "| vs ").append(results.getFirst().method().name()).append(" (± s.e.) |\n|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            double[] diff = pairedDifference(r, results.getFirst());
            out.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %+.4f ± %.4f |%n",
                    r.method().name(), r.method().settings().size(), r.ndcg(), r.recall(), r.mrr(), diff[0], diff[1]));
        }
        return out.toString();
    }
}
