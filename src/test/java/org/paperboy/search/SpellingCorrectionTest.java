package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The words spelling correction looks up are the vocabulary's own: lower-cased, accents folded. */
class SpellingCorrectionTest {

    @Test
    void wordsAreLookedUpAsTheVocabularyHoldsThem() {
        assertThat(new SpellingCorrection().normalize("Développing")).isEqualTo("developping");
    }

    @Test
    void aCapitalisedWordTheCatalogHasIsNotTakenForAMisspellingAndTheCatalogIsCountedOnce() throws Exception {
        List<String> suggestionsAsked = new ArrayList<>();
        int[] catalogSizeAsked = {0};
        Map<String, Long> papers = Map.of("developing", 300L, "lightweight", 40L, "models", 900L);
        SpellingCorrection.Vocabulary vocabulary = new SpellingCorrection.Vocabulary() {
            public long papers() {
                catalogSizeAsked[0]++;
                return 10_000;
            }

            public long papersWith(String word) {
                return papers.getOrDefault(word, 0L);
            }

            public List<SpellingCorrection.Suggestion> moreCommonNear(String word) {
                suggestionsAsked.add(word);
                return List.of();
            }

            public long papersWithEveryWord(String text) {
                return 0;
            }

            public boolean writtenInTitleOrAuthors(String text) {
                return false;
            }
        };

        assertThat(new SpellingCorrection().correct(vocabulary, "Developing Lightweight Models")).isEmpty();
        assertThat(suggestionsAsked).isEmpty();
        assertThat(catalogSizeAsked[0]).as("the catalog's size, asked once a query (a request on a cluster)").isEqualTo(1);
    }
}
