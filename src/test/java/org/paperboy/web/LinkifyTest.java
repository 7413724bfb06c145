package org.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperboy.testing.TestPapers;
import org.paperboy.catalog.Paper;

class LinkifyTest {

    @Test
    void addressesBecomeLinksAndEverythingIsEscaped() {
        assertThat(Linkify.html("Code at https://github.com/a/b. <b>Bold</b> & more"))
                .isEqualTo("Code at <a href=\"https://github.com/a/b\" rel=\"nofollow noopener\">https://github.com/a/b</a>."
                        + " &lt;b&gt;Bold&lt;/b&gt; &amp; more");
        assertThat(Linkify.html("plain <text>")).isEqualTo("plain &lt;text&gt;");
        assertThat(Linkify.html("")).isEmpty();
        assertThat(Linkify.html(null)).isEmpty();
    }

    @Test
    void punctuationAfterAnAddressStaysOutsideItButBalancedBracketsStayIn() {
        assertThat(Linkify.html("(see https://example.org/x)")).contains("href=\"https://example.org/x\"")
                .endsWith("</a>)");
        assertThat(Linkify.html("https://en.wikipedia.org/wiki/Foo_(bar), next"))
                .contains("href=\"https://en.wikipedia.org/wiki/Foo_(bar)\"").endsWith("</a>, next");
        assertThat(Linkify.html("at https://x.org/?a=1&b=\"2\""))
                .as("an ampersand is escaped in the address; a quote ends it")
                .contains("href=\"https://x.org/?a=1&amp;b=\"");
    }

    @Test
    void onlyHttpAddressesAreLinked() {
        assertThat(Linkify.html("javascript:alert(1) and ftp://x.org/y and http://")).doesNotContain("<a ");
        assertThat(Linkify.html("see http://\"onmouseover=alert(1)")).doesNotContain("<a ").doesNotContain("\"on");
    }

    @Test
    void theCodeIsARepositoryOnACodeHostInTheAbstractOrElseTheComments() {
        assertThat(Linkify.codeUrl("Our code: https://github.com/org/repo.")).isEqualTo("https://github.com/org/repo");
        assertThat(Linkify.codeUrl("Models at https://huggingface.co/org/model and https://github.com/o/r"))
                .isEqualTo("https://huggingface.co/org/model");
        assertThat(Linkify.codeUrl("https://gitlab.com/group/project/-/tree/main")).startsWith("https://gitlab.com/group/");
        assertThat(Linkify.codeUrl("Project page: https://example.org/proj and https://github.com/org")).isNull();
        assertThat(Linkify.codeUrl("no address")).isNull();
        assertThat(Linkify.codeUrl((String) null)).isNull();

        Paper plain = TestPapers.paper("2503.11731");
        Paper withComments = new Paper(plain.id(), 1, plain.title(), "No address here.", List.of("A"), List.of("cs.CL"),
                "12 pages; code: https://github.com/ada/engine", null, null, null, null, null, null);
        assertThat(Linkify.codeUrl(withComments)).isEqualTo("https://github.com/ada/engine");
        assertThat(Linkify.codeUrl(new Paper(plain.id(), 1, plain.title(), "No address here.", List.of("A"),
                List.of("cs.CL"), null, null, null, null, null, null, null))).isNull();
    }
}
