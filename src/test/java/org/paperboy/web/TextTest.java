package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        assertThat(Text.plural(12_345, "paper")).isEqualTo("12,345 papers");
    }
}
