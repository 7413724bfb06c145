package org.paperboy.search;

import java.util.List;
import java.util.Optional;

/** The seed of a "more like these" search on either engine: the mean of the papers' vectors. */
public final class MeanVector {

    private MeanVector() {}

    /**
     * The mean of {@code vectors}, scaled back to unit length (the engines compare by dot product, which ranks as cosine
     * only for unit vectors); of one vector, itself. Empty when there is none, or when they cancel out. Vectors of
     * another length than the first (an index caught between two models) are left out.
     */
    public static Optional<float[]> of(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            return Optional.empty();
        }
        float[] sum = new float[vectors.getFirst().length];
        for (float[] vector : vectors) {
            if (vector.length == sum.length) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += vector[i];
                }
            }
        }
        double norm = 0;
        for (float x : sum) {
            norm += x * x;
        }
        if (norm == 0) {
            return Optional.empty();
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= scale;
        }
        return Optional.of(sum);
    }
}
