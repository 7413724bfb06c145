package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.storage.Database;
import org.paperboy.testing.Fixtures;

class PaperboyCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsItsVersion() {
        CommandRun run = CommandRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("paperboy ").contains("Java ");
    }

    @Test
    void helpListsTheCommandsAndSettings() {
        CommandRun run = CommandRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("import", "export", "serve", "demo", "PAPERBOY_HTTP_PORT", "http.port");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CommandRun run = CommandRun.of("frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("frobnicate");
        assertThat(CommandRun.of("import", "--no-such-option", "x.jsonl").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("import").exitCode()).as("import needs a file").isEqualTo(2);
        assertThat(CommandRun.of("serve", "--port", "eighty").exitCode()).isEqualTo(2);
    }

    @Test
    void importingAMissingFileFailsWithOneLineSayingWhy() {
        Path missing = tmp.resolve("missing.jsonl");

        CommandRun run = CommandRun.of("import", "--data-dir", tmp.resolve("data").toString(), missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("paperboy: cannot read " + missing + ": no such readable file");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void importThenExportThenImportElsewhere() throws Exception {
        Path data = tmp.resolve("data");
        CommandRun imported = CommandRun.of("import", "--data-dir", data.toString(), Fixtures.arxivSnapshot().toString());

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("read 200  added 200  updated 0  unchanged 0  skipped 0");
        assertThat(data.resolve("paperboy.db")).isRegularFile();

        Path export = tmp.resolve("exports").resolve("catalog.jsonl.gz");
        Files.createDirectories(export.getParent());
        CommandRun exported = CommandRun.of("export", "--data-dir", data.toString(), export.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.err()).contains("exported 200 papers to " + export);
        assertThat(export).isRegularFile();

        Path elsewhere = tmp.resolve("elsewhere");
        CommandRun reimported = CommandRun.of("import", "--data-dir", elsewhere.toString(), export.toString());
        assertThat(reimported.exitCode()).isZero();
        assertThat(reimported.out()).contains("read 200  added 200  updated 0  unchanged 0  skipped 0");
        CommandRun again = CommandRun.of("import", "--data-dir", elsewhere.toString(), export.toString());
        assertThat(again.out()).contains("read 200  added 0  updated 0  unchanged 200  skipped 0");

        assertThat(papersIn(elsewhere)).isEqualTo(papersIn(data));
    }

    @Test
    void exportToStandardOutput() {
        Path data = tmp.resolve("data");
        CommandRun.of("import", "--data-dir", data.toString(), Fixtures.scifactCorpus().toString());

        CommandRun run = CommandRun.of("export", "--data-dir", data.toString(), "-");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(20).allMatch(line -> line.startsWith("{\"id\":\"beir:"));
    }

    @Test
    void importsABeirCorpusUnderANamespace() throws Exception {
        Path data = tmp.resolve("data");

        CommandRun run = CommandRun.of("import", "--data-dir", data.toString(), "--format", "beir", "--namespace", "scifact",
                Fixtures.scifactCorpus().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(papersIn(data)).hasSize(20).allMatch(p -> p.id().value().startsWith("scifact:"));
    }

    @Test
    void anUnknownFormatFailsWithOneLineSayingWhich() {
        CommandRun run = CommandRun.of("import", "--data-dir", tmp.resolve("data").toString(), "--format", "xml",
                Fixtures.scifactCorpus().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("paperboy: unknown format 'xml' (known: auto, paperboy, arxiv-snapshot, beir)");
    }

    @Test
    void badRecordsAreListedWithFileAndLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("mixed.jsonl"),
                "{\"id\": \"2501.00001\", \"title\": \"Good\"}\n{\"id\": \"2501.00002\"}\nnot json\n");

        CommandRun run = CommandRun.of("import", "--data-dir", tmp.resolve("data").toString(), file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("read 3  added 1  updated 0  unchanged 0  skipped 2",
                "mixed.jsonl:2: 'title' is missing", "mixed.jsonl:3: malformed JSON");
    }

    @Test
    void anInvalidPortIsReportedBeforeAnythingStarts() {
        CommandRun run = CommandRun.of("serve", "--data-dir", tmp.resolve("data").toString(), "--port", "70000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("paperboy: http.port must be a number from 0 to 65535, not '70000'");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void settingsComeFromTheConfigFileUnlessAFlagSaysOtherwise() throws Exception {
        Path fromFile = tmp.resolve("from-file");
        Path fromFlag = tmp.resolve("from-flag");
        Path config = Files.writeString(tmp.resolve("paperboy.properties"), "data.dir=" + fromFile + "\n");

        assertThat(CommandRun.of("import", "--config", config.toString(), Fixtures.scifactCorpus().toString()).exitCode()).isZero();
        assertThat(CommandRun.of("import", "--config", config.toString(), "--data-dir", fromFlag.toString(),
                Fixtures.arxivSnapshot().toString()).exitCode()).isZero();

        assertThat(papersIn(fromFile)).hasSize(20);
        assertThat(papersIn(fromFlag)).hasSize(200);
    }

    @Test
    void aBadConfigFileIsReportedInOneLine() throws Exception {
        Path config = Files.writeString(tmp.resolve("bad.properties"), "data.dir=" + tmp.resolve("d") + "\nhttp.prot=1\n");
        Path missing = tmp.resolve("missing.properties");

        CommandRun unknownKey = CommandRun.of("import", "--config", config.toString(), Fixtures.scifactCorpus().toString());
        CommandRun missingFile = CommandRun.of("import", "--config", missing.toString(), Fixtures.scifactCorpus().toString());

        assertThat(unknownKey.exitCode()).isEqualTo(1);
        assertThat(unknownKey.errLines()).containsExactly("paperboy: unknown setting 'http.prot' in " + config);
        assertThat(missingFile.exitCode()).isEqualTo(1);
        assertThat(missingFile.errLines()).containsExactly("paperboy: configuration file " + missing + " does not exist");
    }

    private static List<Paper> papersIn(Path dataDir) {
        try (Database database = Database.open("jdbc:sqlite:" + dataDir.resolve("paperboy.db"), null, null)) {
            List<Paper> papers = new ArrayList<>();
            new Catalog(database).forEach(papers::add);
            return papers;
        }
    }

    @Test
    void adminCreateMakesAnAdminWhoCanLogIn() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("s3cret-passw0rd\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            CommandRun run = CommandRun.of("admin", "create", "--username", "root", "--email", "root@example.org",
                    "--data-dir", tmp.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("created admin 'root'");
        } finally {
            System.setIn(stdin);
        }
        try (Database database = Database.open("jdbc:sqlite:" + tmp.resolve("paperboy.db"), null, null)) {
            var members = new org.paperboy.community.Members(database);
            assertThat(members.authenticate("root", "s3cret-passw0rd")).hasValueSatisfying(
                    user -> assertThat(user.role()).isEqualTo(org.paperboy.community.Role.ADMIN));
        }
        System.setIn(new java.io.ByteArrayInputStream("short\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            CommandRun weak = CommandRun.of("admin", "create", "--username", "root2", "--data-dir", tmp.toString());
            assertThat(weak.exitCode()).isEqualTo(1);
            assertThat(weak.err()).contains("at least 8");
        } finally {
            System.setIn(stdin);
        }
        assertThat(CommandRun.of("admin", "create", "--username", "Bad Name!", "--data-dir", tmp.toString()).exitCode())
                .isEqualTo(1);
    }
}
