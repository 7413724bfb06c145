package org.paperboy.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.paperboy.embed.Vectors;

/**
 * What matching one new paper against N alerts costs in the matcher's inner loop ({@link AlertMatrix}), with papers
 * in pages as the matcher reads them: random unit vectors for the alerts and the papers (seeded, so runs compare),
 * measured after a warm-up. Store reads and writes per page of papers come on top and do not grow with the number of
 * alerts.
 */
public final class MatchingCost {

    /** @param microsPerPaper mean time to score one paper against every alert */
    public record Result(int alerts, int dimension, int papers, double microsPerPaper, long matrixBytes) {}

    private MatchingCost() {}

    public static Result measure(int alerts, int dimension, int papers) {
        Random random = new Random(42);
        List<Alert> list = new ArrayList<>(alerts);
        Map<Long, Map<String, float[]>> vectors = new HashMap<>();
        for (int i = 0; i < alerts; i++) {
            list.add(new Alert(i, i / 10, "alert " + i, "query " + i, List.of(), AlertFilters.NONE, Instant.EPOCH));
            vectors.put((long) i, Map.of("", unit(random, dimension)));
        }
        AlertMatrix matrix = AlertMatrix.of(list, vectors);
        float[][] incoming = new float[papers][];
        for (int i = 0; i < papers; i++) {
            incoming[i] = unit(random, dimension);
        }
        long hits = 0;
        for (int round = 0; round < 3; round++) { // warm-up: let the JIT compile the loop
            hits += matchPages(matrix, incoming);
        }
        long start = System.nanoTime();
        hits += matchPages(matrix, incoming);
        double micros = (System.nanoTime() - start) / 1e3 / papers;
        if (hits < 0) {
            throw new IllegalStateException("unreachable: keeps the JIT from dropping the loop");
        }
        return new Result(alerts, dimension, papers, micros, (long) alerts * dimension * Float.BYTES);
    }

    /** Matches the papers a page of the matcher's size at a time, as the matcher does; returns the hits. */
    private static long matchPages(AlertMatrix matrix, float[][] papers) {
        long hits = 0;
        for (int from = 0; from < papers.length; from += AlertMatcher.PAGE) {
            float[][] page = java.util.Arrays.copyOfRange(papers, from, Math.min(papers.length, from + AlertMatcher.PAGE));
            hits += matrix.above(page, 0.3).stream().mapToLong(List::size).sum();
        }
        return hits;
    }

    private static float[] unit(Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return Vectors.normalize(vector);
    }
}
