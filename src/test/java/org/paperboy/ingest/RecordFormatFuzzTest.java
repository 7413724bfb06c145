package org.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import org.paperboy.catalog.InvalidPaperException;
import org.paperboy.catalog.Paper;

/**
 * Fuzzes each import format's record reader with one JSON line: it gives a paper or refuses the record with an
 * {@link InvalidPaperException} (which the importer reports per line); anything else escaping is a finding. A paper
 * it gives must also survive what happens to it next: the catalog's date check (passed or refused with the same
 * exception), and an export read back unchanged.
 * Seeds: {@code RecordFormatFuzzTestInputs/<method>/}; fuzzed by {@code bench/fuzz.sh}.
 */
class RecordFormatFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest
    void paperboyRecords(@NotNull byte[] line) {
        readsOrRefuses(new PaperboyFormat(), line);
    }

    @FuzzTest
    void arxivSnapshotRecords(@NotNull byte[] line) {
        readsOrRefuses(new ArxivSnapshotFormat(), line);
    }

    @FuzzTest
    void beirRecords(@NotNull byte[] line) {
        readsOrRefuses(new BeirCorpusFormat(BeirCorpusFormat.DEFAULT_NAMESPACE), line);
    }

    /** The format a file is read in is the first record's: detection picks one or says it cannot. */
    @FuzzTest
    void detectedRecords(@NotNull byte[] line) {
        JsonNode record = objectOrNull(line);
        if (record == null) {
            return;
        }
        RecordFormat format;
        try {
            format = RecordFormat.detect(record);
        } catch (InvalidPaperException refused) {
            assertThat(refused.getMessage()).contains("--format");
            return;
        }
        assertThat(format.recognizes(record)).isTrue();
        readsOrRefuses(format, record);
    }

    private static void readsOrRefuses(RecordFormat format, byte[] line) {
        JsonNode record = objectOrNull(line);
        if (record != null) {
            readsOrRefuses(format, record);
        }
    }

    private static void readsOrRefuses(RecordFormat format, JsonNode record) {
        Paper paper;
        try {
            paper = format.toPaper(record);
            paper.requirePlausibleDates(Instant.now());
        } catch (InvalidPaperException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(new PaperboyFormat().toPaper(PaperboyFormat.toJson(paper))).as("export read back").isEqualTo(paper);
    }

    /**
     * The JSON object on the line; the importer reports anything else as malformed before a format sees it (including
     * bytes that Jackson takes for UTF-32 and cannot decode, an {@link IOException} that is no parse error).
     */
    private static JsonNode objectOrNull(byte[] line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException malformed) {
            return null;
        }
    }
}
