package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the OAI-PMH reader with any bytes: it hands on records and per-record problems and returns a response, or
 * refuses the response with an {@link OaiResponseException}; anything else escaping is a finding.
 * Seeds: {@code OaiReaderFuzzTestInputs/<method>/} (real responses); fuzzed by {@code bench/fuzz.sh}.
 */
class OaiReaderFuzzTest {

    @FuzzTest
    void readsOrRefuses(@NotNull byte[] response) throws IOException {
        List<OaiRecord> records = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        OaiResponse read;
        try {
            read = new OaiReader().read(new ByteArrayInputStream(response), records::add, problems::add);
        } catch (OaiResponseException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(read.records()).isEqualTo(records.size());
        assertThat(read.problems()).isEqualTo(problems.size());
        assertThat(read.responseDate()).isNotNull();
        assertThat(records).allSatisfy(r -> assertThat(r.paper()).isNotNull());
        assertThat(problems).allSatisfy(p -> assertThat(p.reason()).isNotBlank());
    }
}
