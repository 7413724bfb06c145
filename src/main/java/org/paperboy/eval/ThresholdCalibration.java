package org.paperboy.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a similarity threshold would sort (query, document) pairs: relevant pairs at or above it are found, irrelevant
 * ones at or above it are false alarms. Scores are counted in bins of 0.001 over [-1, 1] (a bin [s, s + 0.001) counts at threshold s), so any number of pairs
 * (millions: every query against every document) takes constant memory. For the saved alerts' threshold: a query
 * stands for an alert, a document for a new paper.
 */
public final class ThresholdCalibration {

    private static final int BINS = 2_001;

    /** One threshold's outcome; {@code falsePerThousand}: irrelevant papers per alert per 1,000 new papers. */
    public record Row(double threshold, long found, long falseAlarms, double precision, double recall, double f1,
                      double falsePerThousand) {}

    private final long[] relevant = new long[BINS];
    private final long[] irrelevant = new long[BINS];
    private long relevantTotal;
    private long irrelevantTotal;
    private final int queries;
    private final int documents;

    public ThresholdCalibration(int queries, int documents) {
        this.queries = queries;
        this.documents = documents;
    }

    public void add(double score, boolean isRelevant) {
        int bin = (int) Math.floor(Math.clamp(score, -1, 1) * 1000) + 1000;
        if (isRelevant) {
            relevant[bin]++;
            relevantTotal++;
        } else {
            irrelevant[bin]++;
            irrelevantTotal++;
        }
    }

    /** The outcome of a threshold (a score counts when it is at least the threshold, to 0.001). */
    public Row at(double threshold) {
        int from = (int) Math.round(Math.clamp(threshold, -1, 1) * 1000) + 1000;
        long found = 0;
        long falseAlarms = 0;
        for (int i = from; i < BINS; i++) {
            found += relevant[i];
            falseAlarms += irrelevant[i];
        }
        double precision = found + falseAlarms == 0 ? 1 : (double) found / (found + falseAlarms);
        double recall = relevantTotal == 0 ? 0 : (double) found / relevantTotal;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double perThousand = queries == 0 || documents == 0 ? 0 : falseAlarms * 1000.0 / queries / documents;
        return new Row(threshold, found, falseAlarms, precision, recall, f1, perThousand);
    }

    /** The threshold, to 0.01, with the highest F1. */
    public Row bestF1() {
        Row best = at(-1);
        for (int t = -100; t <= 100; t++) {
            Row row = at(t / 100.0);
            if (row.f1() > best.f1()) {
                best = row;
            }
        }
        return best;
    }

    /** The score below which {@code fraction} of the relevant pairs fall (a quantile of their distribution). */
    public double relevantQuantile(double fraction) {
        return quantile(relevant, relevantTotal, fraction);
    }

    public double irrelevantQuantile(double fraction) {
        return quantile(irrelevant, irrelevantTotal, fraction);
    }

    public long relevantPairs() {
        return relevantTotal;
    }

    public long irrelevantPairs() {
        return irrelevantTotal;
    }

    /** Rows from {@code from} to {@code to} in steps of {@code step}, as a Markdown table. */
    public String table(double from, double to, double step) {
        List<String> lines = new ArrayList<>();
        lines.add("| threshold | relevant found | false alarms | precision | recall | F1 | false alarms per alert per 1,000 papers |");
        lines.add("|---|---|---|---|---|---|---|");
        for (double t = from; t <= to + 1e-9; t += step) {
            Row row = at(t);
            lines.add(String.format(Locale.ROOT, "| %.2f | %,d | %,d | %.3f | %.3f | %.3f | %.2f |", row.threshold(),
                    row.found(), row.falseAlarms(), row.precision(), row.recall(), row.f1(), row.falsePerThousand()));
        }
        return String.join("\n", lines) + "\n";
    }

    private static double quantile(long[] bins, long total, double fraction) {
        long target = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += bins[i];
            if (seen >= target && seen > 0) {
                return (i - 1000) / 1000.0;
            }
        }
        return 1;
    }
}
