package org.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.cli.PaperboyCommand;
import org.paperboy.storage.Database;

/** {@code paperboy embed} end to end: real store in a data directory, the real ONNX model, files on disk. */
class EmbedCommandTest {

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {}

    private static synchronized Run paperboy(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = PaperboyCommand.execute(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path dataDir(String name, int papers) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Database database = EmbedFixtures.sqlite(dir)) {
            EmbedFixtures.catalogWith(database, EmbedFixtures.papers().subList(0, papers));
        }
        return dir;
    }

    private static String[] args(Path dataDir, String... more) {
        List<String> all = new ArrayList<>(List.of("embed", "--data-dir", dataDir.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void embedsWithALimitThenResumesAndReportsStatus() throws IOException {
        Path data = dataDir("data", 5);

        Run first = paperboy(args(data, "--limit", "2"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("embedded 2 papers with bge-small-en-v1.5-q")
                .contains("semantic index: 2 / 5");

        Run second = paperboy(args(data));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("embedded 3 papers").contains("semantic index: 5 / 5");

        Run third = paperboy(args(data));
        assertThat(third.out()).contains("semantic index: 5 / 5 (nothing to embed)");

        Run status = paperboy(args(data, "--status"));
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).isEqualTo("semantic index: 5 / 5 papers have vectors of bge-small-en-v1.5-q\n");
    }

    @Test
    void exportsAndImportsVectorsAndRefusesAnotherModelWithOneLine() throws IOException {
        Path source = dataDir("source", 3);
        assertThat(paperboy(args(source)).exitCode()).isZero();
        Path file = tmp.resolve("vectors.bin.gz");

        Run export = paperboy(args(source, "--export", file.toString()));
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 3 vectors of bge-small-en-v1.5-q (384 dimensions)");
        assertThat(VectorFile.readHeader(file)).isEqualTo(new VectorFile.Header("bge-small-en-v1.5-q", 384));

        Path target = dataDir("target", 2);
        Run imported = paperboy(args(target, "--import", file.toString()));
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported 3 vectors").contains("2 stored")
                .contains("1 skipped (paper not in the catalog)").contains("semantic index: 2 / 2");

        // a store configured for another model refuses the file
        Path config = Files.writeString(tmp.resolve("openai.properties"), String.join("\n",
                "embedding.provider=openai", "embedding.url=http://127.0.0.1:9", "embedding.model=nomic-embed-text", ""));
        Run refused = paperboy(args(target, "--config", config.toString(), "--import", file.toString()));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("paperboy: ").contains("model 'bge-small-en-v1.5-q'")
                .contains("'nomic-embed-text'").contains("nothing imported");
        assertThat(refused.err().strip().lines()).hasSize(1);
    }

    @Test
    void failsClearlyWithoutAProviderAndOnBadUsage() throws IOException {
        Path data = dataDir("data", 1);
        Path none = Files.writeString(tmp.resolve("none.properties"), "embedding.provider=none\n");

        Run noProvider = paperboy(args(data, "--config", none.toString()));
        assertThat(noProvider.exitCode()).isEqualTo(1);
        assertThat(noProvider.err()).isEqualTo("paperboy: embedding.provider is 'none': no vectors are made "
                + "(set it to onnx or openai)\n");

        Run both = paperboy(args(data, "--export", "a", "--import", "b"));
        assertThat(both.exitCode()).isEqualTo(2);

        Run missing = paperboy(args(data, "--import", tmp.resolve("absent.bin").toString()));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");

        Run empty = paperboy(args(data, "--export", tmp.resolve("v.bin").toString()));
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).contains("exported 0 vectors");
        assertThat(Map.of("help", paperboy("embed", "--help").out()).get("help")).contains("--export", "--import",
                "--limit");
    }
}
