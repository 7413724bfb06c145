package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void unwrapJoinsHardWrappedLinesAndKeepsParagraphs() {
        assertThat(Text.unwrap("  A fully differential calculation is\npresented for the production\n  of pairs.\n\n"
                + "Second\nparagraph.\n \n\nThird.  "))
                .isEqualTo("A fully differential calculation is presented for the production of pairs.\n\n"
                        + "Second paragraph.\n\nThird.");
        assertThat(Text.unwrap(null)).isEmpty();
        assertThat(Text.unwrap("")).isEmpty();
    }

    /** The regular-expression definition that {@link Text#unwrap} implements in one pass. */
    private static String unwrapByRegex(String text) {
        return Arrays.stream(text.strip().split("\\n\\s*\\n"))
                .map(paragraph -> paragraph.replaceAll("\\s*\\n\\s*", " "))
                .collect(Collectors.joining("\n\n"));
    }

    @Test
    void unwrapAgreesWithItsRegexDefinitionOnRandomText() {
        Random random = new Random(42);
        String alphabet = "ab \n\n\t\r\f\u000B\u00A0\u2003.";
        for (int run = 0; run < 20_000; run++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(run % 10 == 0 ? 400 : 40); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String expected = unwrapByRegex(text.toString());
            assertThat(Text.unwrap(text.toString())).as("unwrap(%s)", text).isEqualTo(expected);
            assertThat(Text.unwrap(text.toString())).as("unwrap(%s) again", text).isEqualTo(expected);
            assertThat(Text.paragraphs(text.toString())).as("paragraphs(%s)", text)
                    .isEqualTo(List.of(expected.split("\n\n")));
        }
    }

    @Test
    void abbreviateCutsWithAnEllipsis() {
        assertThat(Text.abbreviate("short", 10)).isEqualTo("short");
        assertThat(Text.abbreviate("exactly10!", 10)).isEqualTo("exactly10!");
        assertThat(Text.abbreviate("a bit too long", 10)).isEqualTo("a bit too…").hasSize(10);
    }

    @Test
    void authorLineShortensLongLists() {
        assertThat(Text.authorLine(List.of(), 3)).isEmpty();
        assertThat(Text.authorLine(List.of("A", "B", "C"), 3)).isEqualTo("A, B, C");
        assertThat(Text.authorLine(List.of("A", "B", "C", "D", "E"), 3)).isEqualTo("A, B, C and 2 others");
    }

    @Test
    void pluralCountsWithSeparators() {
        assertThat(Text.plural(0, "paper")).isEqualTo("0 papers");
        assertThat(Text.plural(1, "paper")).isEqualTo("1 paper");
        assertThat(Text.plural(999, "paper")).isEqualTo("999 papers");
        assertThat(Text.plural(1_000, "paper")).isEqualTo("1,000 papers");
        assertThat(Text.plural(12_345, "paper")).isEqualTo("12,345 papers");
        assertThat(Text.plural(-2, "paper")).isEqualTo("-2 papers");
        assertThat(Text.plural(1_228, "match")).isEqualTo("1,228 matches");
        assertThat(Text.plural(1, "match")).isEqualTo("1 match");
        assertThat(Text.plural(2, "address")).isEqualTo("2 addresses");
    }

    @Test
    void aTeaserIsCutAfterAWordAndTheRestFollows() {
        String text = "one two three four five six seven eight nine ten";
        String[] parts = Text.teaser(text, 20);
        assertThat(parts[0]).isEqualTo("one two three four");
        assertThat(parts[1]).isEqualTo("five six seven eight nine ten");
        assertThat(Text.teaser("short", 20)).containsExactly("short", "");
        assertThat(Text.teaser("x".repeat(50), 20)[0]).hasSize(20);
    }
}
