package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/**
 * Fuzzes the search box: any text parses into at most {@value UserQuery#MAX_CLAUSES} clauses, and any parse builds
 * Lucene queries that a real index answers in each mode, within the page asked for. The input's last byte chooses
 * the mode and the page (a seed file's final newline does); the rest, as UTF-8, is the query. Seeds:
 * {@code QueryFuzzTestInputs/searchesAnyQuery/}; fuzzed by {@code bench/fuzz.sh}.
 */
class QueryFuzzTest {

    private static final List<String> IDS = List.of("2501.00001", "2501.00002", "hep-th/9504118", "beir:4983");
    private static Path dir;
    private static LuceneSearchIndex index;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("paperboy-fuzz");
        index = LuceneSearchIndex.open(dir);
        index.apply(List.of(
                paper(0, "Protein structure prediction with deep learning", "We predict folded proteins.", "cs.LG"),
                paper(1, "Diffusion models for image generation", "Denoising diffusion generates images.", "cs.CV"),
                paper(2, "Strings on orbifolds", "Dualities of string theory, \"quoted\" and -dashed.", "hep-th"),
                paper(3, "Zoë Balázs: a survey of surveys", "Surveys of 10% ≤ x ≤ 20% of cat:cs.LG papers.",
                        "cs.AI")), 4);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest
    void searchesAnyQuery(@NotNull byte[] input) {
        if (input.length == 0) {
            return;
        }
        int last = input[input.length - 1] & 0xff;
        SearchMode mode = SearchMode.values()[last % 3];
        int offset = last / 3 % 4;
        String text = new String(input, 0, input.length - 1, StandardCharsets.UTF_8);

        UserQuery query = UserQuery.parse(text);
        assertThat(query.clauses()).hasSizeLessThanOrEqualTo(UserQuery.MAX_CLAUSES)
                .allSatisfy(clause -> assertThat(clause.text()).isNotBlank().isEqualTo(clause.text().strip()));

        SearchResults results = index.search(
                new SearchRequest(text, mode, 2, offset, Set.of(), null, null, SearchRequest.Sort.RELEVANCE), axis(1));
        assertThat(results.hits()).hasSizeLessThanOrEqualTo(2)
                .allSatisfy(hit -> assertThat(IDS).contains(hit.id().value()));
        assertThat(results.hits().stream().map(SearchHit::id).distinct()).hasSameSizeAs(results.hits());
    }

    private static IndexedPaper paper(int n, String title, String abstractText, String category) {
        PaperId id = PaperId.tryParse(IDS.get(n)).orElseThrow();
        return new IndexedPaper(new Paper(id, 1, title, abstractText, List.of("Ada Lovelace", "Alan Turing"),
                List.of(category), null, null, null, null, null, null, LocalDate.of(2025, 1, 1 + n)), axis(n));
    }

    /** A unit vector along one axis of the index's 384 dimensions. */
    private static float[] axis(int n) {
        float[] v = new float[384];
        v[n] = 1;
        return v;
    }
}
