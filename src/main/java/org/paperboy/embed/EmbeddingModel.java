package org.paperboy.embed;

import java.util.List;

/**
 * Turns text into a dense vector whose cosine similarity to other vectors measures relatedness in meaning.
 * Implementations: in-process ONNX on the CPU (default), a remote OpenAI-compatible endpoint.
 * Vectors are L2-normalised, so a dot product is the cosine.
 */
public interface EmbeddingModel extends AutoCloseable {

    /** Identifies the model and its configuration; vectors from two models with different names never mix. */
    String name();

    int dimension();

    /** A paper's vector, from {@link #documentText}. */
    float[] embedDocument(String text);

    /** A query's vector; asymmetric models (bge) prefix the query with their retrieval instruction. */
    float[] embedQuery(String query);

    default List<float[]> embedDocuments(List<String> texts) {
        return texts.stream().map(this::embedDocument).toList();
    }

    /** @throws IllegalArgumentException for a blank text: an empty document has no meaning to embed */
    static void requireText(List<String> texts) {
        for (String text : texts) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("cannot embed an empty document");
            }
        }
    }

    /** What gets embedded for a paper: its title and abstract. */
    static String documentText(String title, String abstractText) {
        return abstractText == null || abstractText.isBlank() ? title : title + ". " + abstractText;
    }

    @Override
    void close();
}
