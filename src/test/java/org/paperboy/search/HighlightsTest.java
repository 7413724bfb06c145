package org.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place snippets become HTML: escaped text, marks only where an engine said so. */
class HighlightsTest {

    @Test
    void marksRangesAndEscapesEverythingElse() {
        String text = "<b>Diffusion</b> & \"friends\"";
        assertThat(Highlights.html(text, 0, text.length(), new int[] {3}, new int[] {12}))
                .isEqualTo("&lt;b&gt;<mark>Diffusion</mark>&lt;&#x2F;b&gt; &amp; &quot;friends&quot;");
    }

    @Test
    void overlappingUnorderedAndOutOfSpanRangesMarkEachCharacterOnce() {
        String text = "abcdefghij";
        assertThat(Highlights.html(text, 2, 8, new int[] {6, 0, 3}, new int[] {20, 4, 5}))
                .isEqualTo("<mark>cde</mark>f<mark>gh</mark>");
    }

    @Test
    void sentinelsBecomeMarksAndNeverReachThePage() {
        String start = String.valueOf(Highlights.START);
        String end = String.valueOf(Highlights.END);
        assertThat(Highlights.fromSentinels(List.of("a " + start + "<x>" + end + " b", "c " + start + "d")))
                .isEqualTo("a <mark>&lt;x&gt;</mark> b … c <mark>d</mark>");
        assertThat(Highlights.fromSentinels(List.of("nothing marked </mark>"))).isNull();
        assertThat(Highlights.withoutSentinels("a" + start + "b" + end + "c")).isEqualTo("abc");
        assertThat(Highlights.html(start + "x" + end, 0, 3, new int[0], new int[0])).isEqualTo("x");
    }
}
