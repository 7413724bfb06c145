package org.paperboy.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Run as its own JVM by {@link BgeSmallEmbeddingModelTest}: documents and queries are being embedded when the model
 * is closed and the JVM exits at once. ONNX Runtime still running native code at exit would crash the JVM.
 */
final class CloseWhileEmbedding {

    public static void main(String[] args) throws Exception {
        BgeSmallEmbeddingModel model = new BgeSmallEmbeddingModel();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("Paper " + i + ". " + EmbedFixtures.PROTEIN_ABSTRACT.repeat(3));
        }
        CountDownLatch started = new CountDownLatch(3);
        for (int t = 0; t < 3; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                started.countDown();
                try {
                    while (true) {
                        if (thread == 0) {
                            model.embedDocuments(texts);
                        } else {
                            model.embedQuery("query " + System.nanoTime());
                        }
                    }
                } catch (IllegalStateException closed) {
                    // expected once the model is closed
                }
            });
            worker.setDaemon(true);
            worker.start();
        }
        started.await();
        Thread.sleep(Long.parseLong(args[0]));
        model.close();
        System.out.println("closed");
        System.exit(0);
    }
}
