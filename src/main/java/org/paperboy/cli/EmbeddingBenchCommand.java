package org.paperboy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.paperboy.embed.EmbeddingBenchmark;
import org.paperboy.embed.PaperText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Embedding throughput and query cost of the in-process model against raw ONNX Runtime (docs/benchmarks.md). */
@Command(name = "bench-embedding", mixinStandardHelpOptions = true, hidden = true,
        description = {"Embedding benchmark: texts/s and CPU per text and per query of Paperboy's bge model, against",
                "a raw ONNX Runtime loop on the same texts and threads and langchain4j's wrapper (see docs/benchmarks.md)."})
final class EmbeddingBenchCommand implements Callable<Integer> {

    @Option(names = "--corpus", defaultValue = "demo/arxiv-cs-10k.jsonl.gz", paramLabel = "FILE",
            description = "Papers in Paperboy's JSON-lines format (gzipped). Default: ${DEFAULT-VALUE}.")
    Path corpus;

    @Option(names = "--texts", defaultValue = "200", paramLabel = "N",
            description = "Abstracts embedded per round (the corpus's first N papers). Default: ${DEFAULT-VALUE}.")
    int texts;

    @Option(names = "--queries", defaultValue = "2000", paramLabel = "N",
            description = "Distinct queries (words of the next papers' titles), spread over the rounds. "
                    + "Default: ${DEFAULT-VALUE}.")
    int queries;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for documents (default: the cores).")
    Integer threads;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (texts < 1 || queries < rounds || rounds < 1) {
            throw new CommandFailedException("--texts and --rounds must be positive, --queries at least --rounds");
        }
        List<String> documents = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && titles.size() < queries) {
                JsonNode paper = json.readTree(line);
                String title = paper.path("title").asText();
                if (documents.size() < texts) {
                    documents.add(PaperText.of(title, paper.path("abstract").asText()));
                } else {
                    titles.add(title);
                }
            }
        }
        if (titles.size() < queries) {
            throw new CommandFailedException(corpus + " has too few papers for " + texts + " texts and " + queries
                    + " queries");
        }
        List<String> typed = titles.stream().map(EmbeddingBenchCommand::firstWords).toList();
        int cores = Runtime.getRuntime().availableProcessors();
        new EmbeddingBenchmark(threads == null ? cores : threads, rounds).run(documents, typed, System.out);
        return 0;
    }

    /** What a researcher might type: the first five words of a title. */
    private static String firstWords(String title) {
        String[] words = title.strip().split("\\s+");
        return String.join(" ", Arrays.copyOfRange(words, 0, Math.min(5, words.length)));
    }
}
