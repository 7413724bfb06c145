package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperboy.search.LuceneSearchIndexTest.ids;
import static org.paperboy.search.LuceneSearchIndexTest.indexed;
import static org.paperboy.search.LuceneSearchIndexTest.paper;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches sorted by date, page after page, on a real index: 120 papers on video generation of scattered dates and
 * relevance, 60 newer ones that only mention video, and 40 older ones on something else.
 */
class NewestFirstTest {

    private static final int PAGE = 20;

    @TempDir
    Path dir;

    LuceneSearchIndex index;
    final Map<String, LocalDate> published = new HashMap<>();
    final Set<String> aboutVideoGeneration = new HashSet<>();

    @BeforeEach
    void open() {
        index = LuceneSearchIndex.open(dir);
        List<IndexedPaper> papers = new ArrayList<>();
        for (int n = 0; n < 120; n++) {
            // Dates and closeness to the query's meaning vary independently of each other.
            String id = add(papers, n, "Video generation with method " + n, "We study video generation, case " + n + ".",
                    LocalDate.of(2025, 1, 1).plusDays(n * 37 % 300), mix(0, 1 + n % 50, 0.5f + (n * 13 % 40) / 100f));
            aboutVideoGeneration.add(id);
        }
        for (int n = 120; n < 180; n++) {
            add(papers, n, "Video compression codec " + n, "A codec for video streams.",
                    LocalDate.of(2026, 1, 1).plusDays(n), mix(100 + n % 50, 0, 0.9f));
        }
        for (int n = 180; n < 220; n++) {
            add(papers, n, "Protein folding " + n, "Structures of proteins.", LocalDate.of(2024, 1, 1).plusDays(n),
                    LuceneSearchIndexTest.axis(200 + n % 50));
        }
        index.apply(papers, papers.size());
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void keywordNewestFirstListsEveryPaperWithAllTheWordsAcrossDisjointPages() {
        List<String> all = pages(SearchMode.KEYWORD);

        assertThat(all).as("every paper with both words, and nothing that only mentions video")
                .hasSize(120).containsExactlyInAnyOrderElementsOf(aboutVideoGeneration);
        assertThat(all.getFirst()).isEqualTo(newest(aboutVideoGeneration));
    }

    @Test
    void hybridAndSemanticNewestFirstOrderTheMostRelevantPoolAcrossDisjointPages() {
        for (SearchMode mode : List.of(SearchMode.HYBRID, SearchMode.SEMANTIC)) {
            List<String> mostRelevant = ids(index.search(request(mode, Ranking.DEFAULT.candidates(), 0,
                    SearchRequest.Sort.RELEVANCE), queryVector()));

            List<String> all = pages(mode);

            assertThat(all).as(mode + ": the same pool as the most relevant, in another order")
                    .containsExactlyInAnyOrderElementsOf(mostRelevant);
            assertThat(all.getFirst()).as(mode + ": the newest of them first").isEqualTo(newest(mostRelevant));
        }
    }

    /** Every page of the search sorted by date: asserts they are disjoint and go back in time; returns them joined. */
    private List<String> pages(SearchMode mode) {
        List<String> all = new ArrayList<>();
        for (int offset = 0; offset <= SearchRequest.MAX_OFFSET; offset += PAGE) {
            SearchResults page = index.search(request(mode, PAGE, offset, SearchRequest.Sort.DATE), queryVector());
            assertThat(page.partial()).isFalse();
            if (page.hits().isEmpty()) {
                break;
            }
            assertThat(page.modeUsed()).isEqualTo(mode);
            for (String id : ids(page)) {
                assertThat(all).as(mode + ": page at offset " + offset + " repeats " + id).doesNotContain(id);
                if (!all.isEmpty()) {
                    assertThat(published.get(id)).as(mode + ": " + id + " at offset " + offset + " after " + all.getLast())
                            .isBeforeOrEqualTo(published.get(all.getLast()));
                }
                all.add(id);
            }
        }
        return all;
    }

    private String newest(java.util.Collection<String> ids) {
        return ids.stream().max(Comparator.comparing(published::get)).orElseThrow();
    }

    private static SearchRequest request(SearchMode mode, int limit, int offset, SearchRequest.Sort sort) {
        return new SearchRequest("video generation", mode, limit, offset, Set.of(), null, null, sort);
    }

    private static float[] queryVector() {
        return LuceneSearchIndexTest.axis(0);
    }

    private String add(List<IndexedPaper> papers, int n, String title, String abstractText, LocalDate day,
                       float[] vector) {
        String id = String.format("2501.%05d", n);
        published.put(id, day);
        papers.add(indexed(paper(id, title, abstractText, List.of("A. Author"), List.of("cs.CV"), day.toString()), vector));
        return id;
    }

    /** A unit vector: {@code weight} along axis {@code a}, the rest along axis {@code b}. */
    private static float[] mix(int a, int b, float weight) {
        float[] v = new float[384];
        v[a] = weight;
        v[b] = (float) Math.sqrt(1 - weight * weight);
        return v;
    }
}
