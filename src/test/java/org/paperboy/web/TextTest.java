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
    }

    @Test
    void aTeaserEndsAtASentenceWhenOneEndsInItsSecondHalf() {
        String text = "We study skills. Agents learn what we term skill collision. Then they stop.";
        String[] parts = Text.teaser(text, 66);
        assertThat(parts).containsExactly("We study skills. Agents learn what we term skill collision.", "Then they stop.");
        assertThat(Text.teaser("First paragraph ends here\n\nand the second goes on and on", 40))
                .containsExactly("First paragraph ends here", "and the second goes on and on");
        assertThat(Text.teaser("Short. Then a much longer sentence that goes on past the cut", 40)[0])
                .as("a sentence end in the first half is too early: cut after a word")
                .isEqualTo("Short. Then a much longer sentence that");
        assertThat(Text.teaser("See e.g. the results in Table 2 of the paper", 30)[0])
                .as("an abbreviation before a small letter ends no sentence").isEqualTo("See e.g. the results in Table");
    }

    @Test
    void theRestOfATeaserContinuesExactlyWhereThePreviewStopped() {
        String text = "Agents that share a policy sometimes reuse a skill in a situation it was not made for, which we "
                + "term skill collision. We measure how often it happens in twelve environments and propose a fix "
                + "that routes each situation to the skill trained for it.";
        for (int max = 10; max < text.length(); max += 7) {
            String[] parts = Text.teaser(text, max);
            assertThat(parts[0] + " " + parts[1]).as("max " + max).isEqualTo(text);
            assertThat(text).as("ends at a word boundary").startsWith(parts[0] + " ");
        }
    }

    @Test
    void aTeaserNeverCutsInsideALink() {
        String url = "https://github.com/example/" + "x".repeat(60);
        String[] parts = Text.teaser("Code: " + url + " is public", 40);
        assertThat(parts).containsExactly("Code: " + url, "is public");
        assertThat(Text.teaser("x".repeat(50), 20)).containsExactly("x".repeat(50), "");
    }

    @Test
    void aPreviewSaysWhenTheTextGoesOn() {
        assertThat(Text.preview("one two three four five six", 12)).isEqualTo("one two …");
        assertThat(Text.preview("one two", 12)).isEqualTo("one two");
    }
}
