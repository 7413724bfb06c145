package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperboy.catalog.Catalog;
import org.paperboy.catalog.Paper;
import org.paperboy.storage.Database;
import org.paperboy.testing.TestPapers;
import org.sqlite.SQLiteConfig;

/**
 * Kills a real {@code paperboy import} (another JVM) with SIGKILL in the middle of a large import, then checks that the
 * store holds whole batches and nothing else, and that importing again finishes the job without duplicates.
 */
class CrashSafetyTest {

    private static final int PAPERS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anImportKilledMidwayLeavesWholeBatchesAndResumes() throws Exception {
        Path input = writeSyntheticPapers(tmp.resolve("papers.jsonl"));
        Path dataDir = tmp.resolve("data");
        Path dbFile = dataDir.resolve("paperboy.db");

        Process child = startImport(dataDir, input);
        long seenBeforeKill;
        try {
            seenBeforeKill = waitForFirstCommit(child, dbFile);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback, no close
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed, not finished").isNotZero();
        assertThat(seenBeforeKill).isPositive();

        try (Database database = Database.open("jdbc:sqlite:" + dbFile, null, null)) {
            Catalog catalog = new Catalog(database);
            long committed = catalog.count();

            assertThat(committed).isBetween(seenBeforeKill, (long) PAPERS - 1);
            assertThat(committed % Importer.BATCH_SIZE).as("whole batches only").isZero();
            assertThat(integrityCheck(database)).isEqualTo("ok");
            assertThat(catalog.lastChangeSeq()).isEqualTo(committed);
            assertThat(changeSeqStats(database)).containsExactly(1L, committed, committed); // min, max, distinct

            // Every stored row reads back as the exact paper of the file, and they are the first lines of it.
            BitSet seen = new BitSet(PAPERS);
            List<String> wrong = new ArrayList<>();
            catalog.forEach(paper -> {
                int n = indexOf(paper);
                if (!paper.equals(TestPapers.synthetic(n))) {
                    wrong.add(paper.id().value());
                }
                seen.set(n);
            });
            assertThat(wrong).isEmpty();
            assertThat(seen.cardinality()).isEqualTo((int) committed);
            assertThat(seen.nextClearBit(0)).isEqualTo((int) committed);

            ImportReport resumed = new Importer(catalog).importFiles(List.of(input), null, Importer.Progress.NONE);

            assertThat(resumed.read()).isEqualTo(PAPERS);
            assertThat(resumed.added()).isEqualTo(PAPERS - committed);
            assertThat(resumed.unchanged()).isEqualTo(committed);
            assertThat(resumed.updated()).isZero();
            assertThat(resumed.skippedCount()).isZero();
            assertThat(catalog.count()).isEqualTo(PAPERS);
            assertThat(catalog.lastChangeSeq()).isEqualTo(PAPERS);
            assertThat(changeSeqStats(database)).containsExactly(1L, (long) PAPERS, (long) PAPERS);
            BitSet all = new BitSet(PAPERS);
            List<String> mismatched = new ArrayList<>();
            catalog.forEach(paper -> {
                int n = indexOf(paper);
                if (all.get(n) || !paper.equals(TestPapers.synthetic(n))) {
                    mismatched.add(paper.id().value());
                }
                all.set(n);
            });
            assertThat(mismatched).isEmpty();
            assertThat(all.cardinality()).isEqualTo(PAPERS);
        }
    }

    private static Path writeSyntheticPapers(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int n = 0; n < PAPERS; n++) {
                out.write(JSON.writeValueAsString(PaperboyFormat.toJson(TestPapers.synthetic(n))));
                out.write('\n');
            }
        }
        return file;
    }

    /** {@code paperboy import --data-dir DIR FILE} in a JVM of its own, with this test's class path. */
    private Process startImport(Path dataDir, Path input) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.paperboy.cli.PaperboyCommand",
                "import", "--data-dir", dataDir.toString(), input.toString());
        builder.directory(tmp.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PAPERBOY_"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(tmp.resolve("import.log").toFile());
        return builder.start();
    }

    /** Polls the child's database, read-only, until a batch is committed; returns the count it saw. */
    private long waitForFirstCommit(Process child, Path dbFile) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the import ended (exit " + child.exitValue() + ") before it could be killed:\n"
                        + Files.readString(tmp.resolve("import.log")));
            }
            if (Files.exists(dbFile)) {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile, config.toProperties());
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM papers")) {
                    long count = rs.getLong(1);
                    if (count > 0) {
                        return count;
                    }
                } catch (SQLException notYet) {
                    // the child is still creating or migrating the database
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no batch was committed within 90 s:\n" + Files.readString(tmp.resolve("import.log")));
    }

    /** Synthetic ids are 25MM.NNNNN for paper (MM - 1) * 100,000 + NNNNN. */
    private static int indexOf(Paper paper) {
        String id = paper.id().value();
        return (Integer.parseInt(id.substring(2, 4)) - 1) * 100_000 + Integer.parseInt(id.substring(5));
    }

    private static String integrityCheck(Database database) {
        return database.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static List<Long> changeSeqStats(Database database) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT MIN(change_seq), MAX(change_seq), COUNT(DISTINCT change_seq) FROM papers");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        });
    }
}
