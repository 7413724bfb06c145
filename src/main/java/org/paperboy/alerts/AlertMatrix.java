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

    /** Papers scored together (48 kB of vectors of 384 dimensions: they stay in the fastest caches). */
    static final int BLOCK = 32;

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

    /**
     * For each paper (unit vectors), the alerts it scores at least {@code threshold} with, each with its best row.
     * Papers are scored in blocks of {@value #BLOCK}: each row is read from memory once per block rather than once
     * per paper, since a matrix of many alerts is far larger than the processor's caches, which a block fits in.
     */
    List<List<Hit>> above(float[][] papers, double threshold) {
        List<List<Hit>> hits = new ArrayList<>(papers.length);
        for (int p = 0; p < papers.length; p++) {
            hits.add(new ArrayList<>());
        }
        Hit[] best = new Hit[papers.length];
        for (int from = 0; from < papers.length; from += BLOCK) {
            int to = Math.min(papers.length, from + BLOCK);
            for (int i = 0; i < rows.length; i++) {
                if (i > 0 && rowAlert[i] != rowAlert[i - 1]) {
                    keep(best, hits, from, to);
                }
                for (int p = from; p < to; p++) {
                    float score = VectorUtil.dotProduct(rows[i], papers[p]);
                    if (score >= threshold && (best[p] == null || score > best[p].score())) {
                        best[p] = new Hit(rowAlert[i], score, rowSeed[i]);
                    }
                }
            }
            keep(best, hits, from, to);
        }
        return hits;
    }

    /** The best hits of the alert just scored, for the papers of the block. */
    private static void keep(Hit[] best, List<List<Hit>> hits, int from, int to) {
        for (int p = from; p < to; p++) {
            if (best[p] != null) {
                hits.get(p).add(best[p]);
                best[p] = null;
            }
        }
    }
}
