package org.paperboy.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.VectorUtil;

/**
 * Every alert's vectors as rows of one matrix, held in memory: matching a paper is a dot product per row (Lucene's
 * {@link VectorUtil}, SIMD where the JVM allows), then the best row of each alert. A query alert has one row, a "more
 * like these" alert one per seed paper: its score is that of its closest seed (the maximum), which also names the
 * seed in the reason. Immutable; {@link AlertMatcher} replaces it when alerts change.
 */
final class AlertMatrix {

    /** An alert whose best row scored at least the threshold; {@code seed}: that row's paper id, "" for a query. */
    record Hit(Alert alert, double score, String seed) {}

    private final float[][] rows;
    private final Alert[] rowAlert;
    private final String[] rowSeed;
    /** Whether some alert lacked a vector (a seed paper not embedded yet): the matcher tries again later. */
    private final boolean incomplete;

    private AlertMatrix(float[][] rows, Alert[] rowAlert, String[] rowSeed, boolean incomplete) {
        this.rows = rows;
        this.rowAlert = rowAlert;
        this.rowSeed = rowSeed;
        this.incomplete = incomplete;
    }

    /** @param vectors per alert id, per seed ("" for the query): the alert's unit vectors */
    static AlertMatrix of(List<Alert> alerts, Map<Long, Map<String, float[]>> vectors) {
        List<float[]> rows = new ArrayList<>();
        List<Alert> owners = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        boolean incomplete = false;
        for (Alert alert : alerts) {
            Map<String, float[]> own = vectors.getOrDefault(alert.id(), Map.of());
            List<String> wanted = alert.moreLikeThese() ? alert.seeds().stream().map(s -> s.value()).toList() : List.of("");
            for (String seed : wanted) {
                float[] vector = own.get(seed);
                if (vector == null) {
                    incomplete = true;
                    continue;
                }
                rows.add(vector);
                owners.add(alert);
                seeds.add(seed);
            }
        }
        return new AlertMatrix(rows.toArray(float[][]::new), owners.toArray(Alert[]::new), seeds.toArray(String[]::new),
                incomplete);
    }

    boolean incomplete() {
        return incomplete;
    }

    int rows() {
        return rows.length;
    }

    /** The alerts the paper's unit vector scores at least {@code threshold} with, each with its best row. */
    List<Hit> above(float[] paper, double threshold) {
        List<Hit> hits = new ArrayList<>();
        Hit best = null;
        for (int i = 0; i < rows.length; i++) {
            if (best != null && rowAlert[i] != best.alert()) {
                hits.add(best);
                best = null;
            }
            float score = VectorUtil.dotProduct(rows[i], paper);
            if (score >= threshold && (best == null || score > best.score())) {
                best = new Hit(rowAlert[i], score, rowSeed[i]);
            }
        }
        if (best != null) {
            hits.add(best);
        }
        return hits;
    }
}
