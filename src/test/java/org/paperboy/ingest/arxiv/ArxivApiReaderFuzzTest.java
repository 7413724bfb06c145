package org.paperboy.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.paperboy.catalog.Paper;

/**
 * Fuzzes the search API's reader with any bytes: it hands on papers and per-entry problems and returns the answer, or
 * refuses the document with a {@link MalformedResponseException}; anything else escaping is a finding.
 * Seeds: {@code ArxivApiReaderFuzzTestInputs/<method>/} (real answers, and arXiv's error answer); fuzzed by
 * {@code bench/fuzz.sh}.
 */
class ArxivApiReaderFuzzTest {

    @FuzzTest
    void readsOrRefuses(@NotNull byte[] answer) throws IOException {
        List<Paper> papers = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        ArxivApiReader.Answer read;
        try {
            read = new ArxivApiReader().read(new ByteArrayInputStream(answer), papers::add, problems::add);
        } catch (MalformedResponseException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(read.papers()).isEqualTo(papers.size());
        assertThat(read.problems()).isEqualTo(problems.size());
        assertThat(papers).allSatisfy(p -> assertThat(p.id().isArxiv()).isTrue());
        assertThat(problems).allSatisfy(p -> assertThat(p.reason()).isNotBlank());
    }
}
