package org.paperboy.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vector arithmetic and the storage encoding: little-endian IEEE float32, {@code 4 * dimension} bytes. */
public final class Vectors {

    private Vectors() {}

    /** The vector scaled to unit length (a new array). */
    public static float[] normalize(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new EmbeddingException("vector has a non-finite component (" + v + ")");
            }
            sum += (double) v * v;
        }
        if (sum == 0) {
            throw new EmbeddingException("vector is all zeros and cannot be normalised");
        }
        double scale = 1 / Math.sqrt(sum);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] * scale);
        }
        return unit;
    }

    public static double norm(float[] vector) {
        return Math.sqrt(dot(vector, vector));
    }

    /** The dot product; for unit vectors, the cosine similarity. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    public static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a float32 vector cannot be " + bytes.length + " bytes long");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
