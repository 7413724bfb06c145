package org.paperboy.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * A BERT-style sentence encoder run by ONNX Runtime directly: WordPiece tokens (at most 512 with [CLS] and [SEP]; the
 * tokenizer truncates longer texts), one pass of the model, the [CLS] token's hidden state, L2-normalised. Safe to
 * call from many threads at once: each call runs on its caller's thread.
 *
 * <p>Each run uses one intra-op thread with spinning off: queries run on the web server's request threads and
 * documents on the embedding job's threads, so parallelism comes from the callers. A pool of intra-op threads per
 * run would fight the request threads for the cores, and ONNX Runtime's default spinning burns CPU while they wait.
 */
final class OnnxBertEncoder {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    private OnnxBertEncoder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
    }

    /** Loads the model and its tokenizer from class path resources (about a second for bge-small). */
    static OnnxBertEncoder load(String modelResource, String tokenizerResource) {
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session;
            try (OrtSession.SessionOptions options = sessionOptions()) {
                session = environment.createSession(resource(modelResource), options);
            }
            // Exactly as langchain4j's wrapper configured it (the shipped vectors were made through it).
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(resource(tokenizerResource)), Map.of("padding", "false"));
            return new OnnxBertEncoder(environment, session, tokenizer);
        } catch (OrtException | IOException e) {
            throw new EmbeddingException("cannot load " + modelResource + ": " + e.getMessage(), e);
        }
    }

    /** One intra-op thread that never spins, no inter-op pool; ONNX Runtime's arena and memory patterns stay on. */
    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = OnnxBertEncoder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new EmbeddingException(name + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }

    /**
     * The text's unit vector. Texts that leave nothing but [CLS] and [SEP] after tokenization (only control
     * characters, say) are refused, as langchain4j's wrapper refused them.
     */
    float[] embed(String text) {
        Encoding encoding = tokenizer.encode(text, true, false);
        long[] ids = encoding.getIds();
        if (ids.length <= 2) {
            throw new EmbeddingException("nothing to embed: the text has no tokens");
        }
        long[] shape = {1, ids.length};
        try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor attentionMask = OnnxTensor.createTensor(environment,
                     LongBuffer.wrap(encoding.getAttentionMask()), shape);
             OnnxTensor tokenTypeIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()),
                     shape);
             OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attentionMask,
                     "token_type_ids", tokenTypeIds))) {
            OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow(() ->
                    new EmbeddingException("the model has no output named last_hidden_state"));
            long[] hiddenShape = hidden.getInfo().getShape();
            int dimension = (int) hiddenShape[hiddenShape.length - 1];
            FloatBuffer states = hidden.getFloatBuffer();
            float[] cls = new float[dimension];
            states.get(cls);
            return Vectors.normalize(cls);
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime failed to embed a text of " + ids.length + " tokens: "
                    + e.getMessage(), e);
        }
    }
}
