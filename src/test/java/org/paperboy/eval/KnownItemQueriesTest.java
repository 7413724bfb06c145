package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paperboy.catalog.Paper;
import org.paperboy.catalog.PaperId;

/** The known-item benchmark's queries: the same for the same papers and seed, whatever order the papers come in. */
class KnownItemQueriesTest {

    @Test
    void theSameSeedGivesTheSameQueriesInAnyOrderOfPapers() {
        List<Paper> papers = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            papers.add(new Paper(new PaperId(String.format("2503.%05d", i)), 2, "Scalable diffusion transformers number " + i,
                    "", List.of("Ada Lovelace " + (i % 7), "Alan Turing"), List.of("cs.LG"), null, null, null, null,
                    null, null, null));
        }
        List<KnownItemQueries.KnownItem> queries = KnownItemQueries.generate(papers, 42, 5);
        assertThat(KnownItemQueries.generate(papers.reversed(), 42, 5)).isEqualTo(queries);
        assertThat(KnownItemQueries.generate(papers, 7, 5)).isNotEqualTo(queries);
        assertThat(queries).hasSize(9 * 5);
        assertThat(queries).filteredOn(q -> q.kind() == KnownItemQueries.Kind.AUTHOR)
                .allSatisfy(q -> assertThat(q.relevant().size()).isBetween(1, KnownItemQueries.MAX_AUTHOR_PAPERS))
                .noneMatch(q -> q.query().equals("Alan Turing"));
        assertThat(queries).filteredOn(q -> q.kind() == KnownItemQueries.Kind.VERSIONED_ID)
                .allSatisfy(q -> assertThat(q.query()).endsWith("v2"));
        assertThat(queries.stream().filter(q -> q.kind() == KnownItemQueries.Kind.ARXIV_DOI).map(q -> q.query()))
                .allMatch(q -> q.startsWith("10.48550/arXiv.2503."));
    }

    @Test
    void aMisspelledTitleHasTwoSlipsInItsFirstSixWords() {
        String slipped = KnownItemQueries.misspelled("Scalable diffusion transformers for image generation at scale",
                new Random(1));
        String[] words = slipped.split(" ");
        assertThat(words).hasSize(6);
        String[] original = "Scalable diffusion transformers for image generation".split(" ");
        int changed = 0;
        for (int i = 0; i < 6; i++) {
            changed += words[i].equals(original[i]) ? 0 : 1;
            assertThat(words[i].charAt(0)).isEqualTo(original[i].charAt(0));
        }
        assertThat(changed).isEqualTo(2);
        assertThat(Set.of(slipped)).doesNotContain("Scalable diffusion transformers for image generation");
    }
}
