package org.paperboy.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How hybrid search merges its two rankings, the keyword (BM25) and the semantic (kNN) top candidates, into one.
 * A document found by one side only is ranked as if it came after the other side's last candidate. Equal fused
 * scores keep the keyword ranking's order, then the semantic one's, so the result is deterministic.
 */
public sealed interface Fusion permits Fusion.ReciprocalRank, Fusion.Convex {

    /** A document of a ranking, with its score there. */
    record Scored<T>(T id, float score) {}

    /** The {@code n} best documents of the union of both rankings (each given best first), fused score first. */
    <T> List<Scored<T>> fuse(List<Scored<T>> keyword, List<Scored<T>> semantic, int n);

    /**
     * Reciprocal-rank fusion (Cormack et al., 2009): a document gets {@code weight / (k + rank)} from each ranking it
     * is in (ranks from 1; the keyword ranking's weight is 1). Only ranks count, not scores.
     */
    record ReciprocalRank(int k, float semanticWeight) implements Fusion {
        public ReciprocalRank {
            if (k < 0 || !(semanticWeight >= 0)) {
                throw new IllegalArgumentException("RRF needs k >= 0 and a semantic weight >= 0");
            }
        }

        @Override
        public <T> List<Scored<T>> fuse(List<Scored<T>> keyword, List<Scored<T>> semantic, int n) {
            Map<T, Float> fused = new LinkedHashMap<>();
            for (int rank = 0; rank < keyword.size(); rank++) {
                fused.merge(keyword.get(rank).id(), 1f / (k + rank + 1), Float::sum);
            }
            for (int rank = 0; rank < semantic.size(); rank++) {
                fused.merge(semantic.get(rank).id(), semanticWeight / (k + rank + 1), Float::sum);
            }
            return best(fused, n);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "rrf(k=%d, semanticWeight=%s)", k, semanticWeight);
        }
    }

    /**
     * Convex combination of normalised scores: {@code (1 - alpha) * keyword + alpha * semantic}, each ranking's scores
     * first normalised on their own (BM25 scores are unbounded and vary by query; cosine similarities do not), a
     * document missing from one ranking getting that ranking's lowest normalised score.
     */
    record Convex(float alpha, Normalization normalization) implements Fusion {
        public Convex {
            if (!(alpha >= 0 && alpha <= 1) || normalization == null) {
                throw new IllegalArgumentException("convex fusion needs 0 <= alpha <= 1 and a normalisation");
            }
        }

        @Override
        public <T> List<Scored<T>> fuse(List<Scored<T>> keyword, List<Scored<T>> semantic, int n) {
            Map<T, Float> fused = new LinkedHashMap<>();
            add(fused, keyword, 1 - alpha, semantic);
            add(fused, semantic, alpha, keyword);
            return best(fused, n);
        }

        /** Adds {@code weight} times each document's normalised score, and the floor for those only in {@code other}. */
        private <T> void add(Map<T, Float> fused, List<Scored<T>> ranking, float weight, List<Scored<T>> other) {
            float[] normalised = normalization.apply(ranking);
            float floor = Float.POSITIVE_INFINITY;
            for (int i = 0; i < ranking.size(); i++) {
                fused.merge(ranking.get(i).id(), weight * normalised[i], Float::sum);
                floor = Math.min(floor, normalised[i]);
            }
            if (ranking.isEmpty()) {
                return;
            }
            Set<T> inRanking = new HashSet<>();
            ranking.forEach(s -> inRanking.add(s.id()));
            for (Scored<T> s : other) {
                if (!inRanking.contains(s.id())) {
                    fused.merge(s.id(), weight * floor, Float::sum);
                }
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "convex(alpha=%.2f, %s)", alpha, normalization.label());
        }
    }

    /** How a ranking's scores are brought to a common scale before a {@link Convex} combination. */
    enum Normalization {
        /** (s - min) / (max - min): the best document 1, the last 0 (all 1 when every score is equal). */
        MIN_MAX("minmax"),
        /** (s - mean) / standard deviation (all 0 when every score is equal). */
        Z_SCORE("zscore");

        private final String label;

        Normalization(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Normalization parse(String label) {
            for (Normalization n : values()) {
                if (n.label.equalsIgnoreCase(label.strip())) {
                    return n;
                }
            }
            throw new IllegalArgumentException("normalisation must be 'minmax' or 'zscore', not '" + label + "'");
        }

        float[] apply(List<? extends Scored<?>> ranking) {
            int size = ranking.size();
            float[] out = new float[size];
            if (size == 0) {
                return out;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (Scored<?> s : ranking) {
                min = Math.min(min, s.score());
                max = Math.max(max, s.score());
                sum += s.score();
            }
            double mean = sum / size;
            double squares = 0;
            for (Scored<?> s : ranking) {
                squares += (s.score() - mean) * (s.score() - mean);
            }
            double sd = Math.sqrt(squares / size);
            for (int i = 0; i < size; i++) {
                double score = ranking.get(i).score();
                out[i] = (float) switch (this) {
                    case MIN_MAX -> max > min ? (score - min) / (max - min) : 1;
                    case Z_SCORE -> sd > 0 ? (score - mean) / sd : 0;
                };
            }
            return out;
        }
    }

    private static <T> List<Scored<T>> best(Map<T, Float> fused, int n) {
        List<Scored<T>> all = new ArrayList<>(fused.size());
        fused.forEach((id, score) -> all.add(new Scored<>(id, score)));
        // A stable sort: equal scores keep the order documents were first met in (keyword ranking, then semantic).
        all.sort(Comparator.comparingDouble((Scored<T> s) -> s.score()).reversed());
        return all.size() > n ? List.copyOf(all.subList(0, n)) : List.copyOf(all);
    }
}
