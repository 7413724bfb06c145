package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.cli.PaperboyCommand;
import org.paperboy.testing.Fixtures;

/** {@code paperboy eval} on the tiny BEIR fixture, keyword mode, through the real importer, index and search. */
class EvalCommandTest {

    @TempDir
    Path tmp;

    private final Path corpus = Fixtures.resource("/fixtures/beir-tiny/corpus.jsonl");
    private final Path queries = Fixtures.resource("/fixtures/beir-tiny/queries.jsonl");
    private final Path qrels = Fixtures.resource("/fixtures/beir-tiny/qrels/train.tsv");

    private record Run(int exitCode, String out, String err) {}

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int code = PaperboyCommand.execute(args);
            return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * Each query's words occur only in its relevant documents (q1: the three graphene abstracts; q2: d2, not d4; q3:
     * d6), so BM25 puts a relevant document first for every query and finds them all: Recall@100 = MRR@10 = 1.
     * nDCG@10 is 1 for q2 and q3; for q1 it depends on whether d1 (grade 2) outranks d3 and d5 (grade 1): at worst
     * d3 d5 d1 = (1 + 1/log2 3 + 2/2) / 3.130930 = 0.840, so the mean lies between 0.946 and 1.
     */
    @Test
    void keywordModeEndToEnd() throws IOException {
        Path scratch = tmp.resolve("scratch");
        Path perQuery = tmp.resolve("per-query.tsv");
        Run run = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels", qrels.toString(),
                "--mode", "keyword", "--scratch", scratch.toString(), "--per-query", perQuery.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("corpus   " + corpus + ": 6 documents\n");
        assertThat(run.out()).contains("queries  " + queries + ": 3 judged in " + qrels + " (of 4), 6 judgments, 5 relevant\n");
        assertThat(run.out()).contains("engine   Lucene (titleBoost");
        assertThat(run.out()).contains("| mode    | nDCG@10 | Recall@100 | MRR@10 | queries | ms/query (median) |\n"
                + "|---------|--------:|-----------:|-------:|--------:|------------------:|\n");
        String row = run.out().lines().filter(l -> l.startsWith("| keyword ")).findFirst().orElseThrow();
        String[] cells = row.split("\\|");
        double ndcg = Double.parseDouble(cells[2].strip());
        assertThat(ndcg).isBetween(0.946, 1.0);
        assertThat(cells[3].strip()).isEqualTo("1.0000");
        assertThat(cells[4].strip()).isEqualTo("1.0000");
        assertThat(cells[5].strip()).isEqualTo("3");

        List<String> lines = Files.readAllLines(perQuery);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).startsWith("keyword\tq2\t1.0000\t1.0000\t1.0000\t");
        assertThat(lines.get(3)).startsWith("keyword\tq3\t1.0000\t1.0000\t1.0000\t");
        assertThat(Files.exists(scratch.resolve("eval.db"))).as("--scratch is kept").isTrue();

        // the same scratch directory again: the import changes nothing and the numbers are the same
        Run again = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                qrels.toString(), "--mode", "keyword", "--scratch", scratch.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out().lines().filter(l -> l.startsWith("| keyword ")).findFirst().orElseThrow())
                .startsWith(String.join("|", cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]) + "|");
    }

    /**
     * All three modes with the real in-process model (six tiny abstracts: a second or two). Semantic search returns
     * all six documents for k = 100, so Recall@100 is 1 whatever the model thinks. The second run reads every vector
     * from the cache and embeds nothing.
     */
    @Test
    void allModesWithTheInProcessModelAndAVectorsCache() throws IOException {
        Path cache = tmp.resolve("cache/tiny-vectors.bin.gz");
        Path config = tmp.resolve("onnx.properties");
        Files.writeString(config, "embedding.provider=onnx\n");
        String[] args = {"eval", "--config", config.toString(), "--corpus", corpus.toString(), "--queries",
                queries.toString(), "--qrels", qrels.toString(), "--vectors-cache", cache.toString()};
        Run first = run(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("embedding 6 of 6 documents with bge-small-en-v1.5-q")
                .contains("embedded 6 documents").contains("indexed 6 documents (6 with a vector)");
        assertThat(first.out()).contains("embeddings bge-small-en-v1.5-q")
                .as("the default fusion, chosen by cross-validation").contains("fusion convex(alpha=0.60, minmax)");
        assertThat(first.out().lines().filter(l -> l.startsWith("| ")).map(l -> l.split("\\|")[1].strip()))
                .containsExactly("mode", "keyword", "semantic", "hybrid");
        String semantic = first.out().lines().filter(l -> l.startsWith("| semantic ")).findFirst().orElseThrow();
        assertThat(semantic.split("\\|")[3].strip()).isEqualTo("1.0000");
        assertThat(Files.exists(cache)).isTrue();

        Run second = run(args);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("6 vectors read, 6 / 6 papers have a current one")
                .doesNotContain("embedding 6").contains("indexed 6 documents (6 with a vector)");
        assertThat(second.out().lines().filter(l -> l.startsWith("| semantic ")).findFirst().orElseThrow())
                .startsWith(semantic.substring(0, semantic.lastIndexOf('|', semantic.lastIndexOf('|') - 1)));
    }

    /** The fixture's three queries in three folds: each method's choice and held-out score per fold, then the means. */
    @Test
    void convexFusionAndCrossValidatedFusion() throws IOException {
        Path config = tmp.resolve("onnx.properties");
        Files.writeString(config, "embedding.provider=onnx\n");
        Run run = run("eval", "--config", config.toString(), "--corpus", corpus.toString(), "--queries",
                queries.toString(), "--qrels", qrels.toString(), "--mode", "hybrid", "--fusion", "convex",
                "--alpha", "0.3", "--normalization", "zscore", "--folds", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("fusion convex(alpha=0.30, zscore)")
                .contains("cross-validation over 3 folds of 3 queries (hybrid, 100 candidates a side)")
                .contains("| rrf default | 1 | 1 | rrf(k=60, semanticWeight=1.0) |")
                .contains("| rrf tuned | 3 | 1 |").contains("| convex minmax | 2 | 1 |").contains("| convex zscore | 1 | 1 |");
        String hybrid = run.out().lines().filter(l -> l.startsWith("| hybrid ")).findFirst().orElseThrow();
        String rrfDefault = run.out().lines().filter(l -> l.startsWith("| rrf default | 1 | ")).findFirst().orElseThrow();
        assertThat(hybrid).isNotNull();
        assertThat(rrfDefault).isNotNull();
    }

    @Test
    void fusionOptionsThatDoNotGoTogetherAreUsageErrors() {
        Run mixed = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                qrels.toString(), "--fusion", "convex", "--rrf-k", "20");
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err()).contains("--rrf-k and --semantic-weight are for --fusion rrf");
        Run alpha = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                qrels.toString(), "--alpha", "1.5");
        assertThat(alpha.exitCode()).isEqualTo(2);
        assertThat(alpha.err()).contains("0 <= alpha <= 1");
        Run folds = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                qrels.toString(), "--mode", "keyword", "--folds", "3");
        assertThat(folds.exitCode()).isEqualTo(2);
        assertThat(folds.err()).contains("--folds needs at least 2 folds and a mode with vectors");
    }

    @Test
    void aVectorsCacheOfAnotherKindIsRefusedNotOverwritten() throws IOException {
        Path cache = tmp.resolve("not-vectors.bin");
        Files.writeString(cache, "something else\n");
        Run run = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                qrels.toString(), "--mode", "semantic", "--vectors-cache", cache.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--vectors-cache: ").contains("is not a Paperboy vector file");
        assertThat(Files.readString(cache)).isEqualTo("something else\n");
    }

    @Test
    void temporaryScratchIsDeleted() {
        Run run = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                qrels.toString(), "--mode", "keyword");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Matcher used = Pattern.compile("scratch directory (\\S+) \\(deleted at the end\\)").matcher(run.err());
        assertThat(used.find()).as(run.err()).isTrue();
        assertThat(Path.of(used.group(1))).doesNotExist();
    }

    @Test
    void unknownModeIsAUsageError() {
        Run run = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                qrels.toString(), "--mode", "fuzzy");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--mode must be keyword, semantic, hybrid or all, not 'fuzzy'");
    }

    @Test
    void semanticModeWithoutAModelSaysWhy() throws IOException {
        Path config = tmp.resolve("paperboy.properties");
        Files.writeString(config, "embedding.provider=none\n");
        Run run = run("eval", "--config", config.toString(), "--corpus", corpus.toString(), "--queries",
                queries.toString(), "--qrels", qrels.toString(), "--mode", "semantic", "--scratch", tmp.resolve("s").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("paperboy: semantic and hybrid modes need an embedding model, but "
                + "embedding.provider is 'none'");
    }

    @Test
    void badDataFilesAreNamedWithTheirLine() throws IOException {
        Path badQrels = tmp.resolve("bad.tsv");
        Files.writeString(badQrels, "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2 1\n");
        Run run = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                badQrels.toString(), "--mode", "keyword");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("paperboy: " + badQrels + ":3: expected 3 tab-separated columns");

        Path unknownQuery = tmp.resolve("unknown.tsv");
        Files.writeString(unknownQuery, "query-id\tcorpus-id\tscore\nq1\td1\t1\nq99\td2\t1\n");
        Run missing = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                unknownQuery.toString(), "--mode", "keyword");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("1 judged query is not in the queries file: q99");
    }

    @Test
    void relevantDocumentsMissingFromTheCorpusAreReported() throws IOException {
        Path extra = tmp.resolve("extra.tsv");
        Files.writeString(extra, "query-id\tcorpus-id\tscore\nq3\td6\t1\nq3\td404\t1\n");
        Run run = run("eval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
                extra.toString(), "--mode", "keyword", "--scratch", tmp.resolve("s2").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: 1 of 2 relevant judgments name documents that are not in the corpus");
        // q3 finds d6 but can never find d404: recall 1/2
        assertThat(run.out()).containsPattern("\\| keyword \\| +[0-9.]+ \\| +0\\.5000 \\| +1\\.0000 \\| +1 \\|");
    }

}
