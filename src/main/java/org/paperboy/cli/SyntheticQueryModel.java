package org.paperboy.cli;

import java.util.Random;
import org.paperboy.embed.BgeSmallEmbeddingModel;
import org.paperboy.embed.EmbeddingModel;

/**
 * Deterministic pseudo-random unit vectors from text: the same text always gets the same vector. Used for corpora too
 * large to embed on a CPU in a benchmark run; HNSW finds no structure in them, so latency is, if anything, pessimistic.
 */
final class SyntheticQueryModel implements EmbeddingModel {

    static float[] vectorFor(String text) {
        Random random = new Random(text.hashCode());
        float[] v = new float[BgeSmallEmbeddingModel.DIMENSION];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    public String name() {
        return "synthetic";
    }

    public int dimension() {
        return BgeSmallEmbeddingModel.DIMENSION;
    }

    public float[] embedDocument(String text) {
        return vectorFor(text);
    }

    public float[] embedQuery(String query) {
        return vectorFor(query);
    }

    public void close() {}
}
