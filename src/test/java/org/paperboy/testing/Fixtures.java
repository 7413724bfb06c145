package org.paperboy.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data files the tests read: fixtures on the test class path and the demo corpus in the repository. */
public final class Fixtures {

    /** The first 200 lines of arXiv's metadata snapshot (see fixtures/PROVENANCE.md). */
    public static final String ARXIV_SNAPSHOT = "/fixtures/arxiv-snapshot/arxiv-metadata-oai-snapshot.first200.jsonl";
    /** The first 20 abstracts of SciFact's BEIR corpus (see fixtures/PROVENANCE.md). */
    public static final String SCIFACT_CORPUS = "/fixtures/beir-scifact/corpus.first20.jsonl";
    public static final int DEMO_CORPUS_SIZE = 10_000;

    private Fixtures() {}

    public static Path arxivSnapshot() {
        return resource(ARXIV_SNAPSHOT);
    }

    public static Path scifactCorpus() {
        return resource(SCIFACT_CORPUS);
    }

    /** The bundled demo corpus; surefire runs in the project root, where the repository keeps it. */
    public static Path demoCorpus() {
        Path corpus = Path.of("demo", "arxiv-cs-10k.jsonl.gz");
        if (!Files.isRegularFile(corpus)) {
            throw new IllegalStateException("demo corpus not found at " + corpus.toAbsolutePath());
        }
        return corpus;
    }

    public static Path resource(String name) {
        URL url = Fixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
