package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommentMarkdownTest {

    /** Bodies that made commonmark-java overflow its stack, or expand 10 kB to megabytes of HTML. */
    static final List<String> HOSTILE = List.of(
            "> ".repeat(5000),
            "* ".repeat(936) + "x",
            "1. ".repeat(3000) + "x",
            "*".repeat(4999) + "a" + "*".repeat(4999),
            "![".repeat(2000) + "a" + "](b)".repeat(2000),
            "[r]: https://example.org/" + "a".repeat(5000) + "\n\n" + "[r]".repeat(1600));

    @Test
    void safeMarkdownRendersAsBefore() {
        assertThat(CommentMarkdown.toHtml("**great** <script>alert(1)</script> `code`\n\n> quoted\n\n- a\n- b"))
                .isEqualTo("<p><strong>great</strong> &lt;script&gt;alert(1)&lt;/script&gt; <code>code</code></p>\n"
                        + "<blockquote>\n<p>quoted</p>\n</blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
        assertThat(CommentMarkdown.toHtml("# Not a heading\n\n***")).doesNotContain("<h1").doesNotContain("<hr");
        assertThat(CommentMarkdown.toHtml("![a chart](https://t.example/x.png)"))
                .isEqualTo("<p><a href=\"https://t.example/x.png\" rel=\"nofollow ugc noopener\">a chart</a></p>\n");
    }

    @Test
    void bareAddressesAreLinksToo() {
        assertThat(CommentMarkdown.toHtml("Code: https://github.com/ada/engine, and www.example.org."))
                .isEqualTo("<p>Code: <a href=\"https://github.com/ada/engine\" rel=\"nofollow ugc noopener\">"
                        + "https://github.com/ada/engine</a>, and <a href=\"http://www.example.org\" "
                        + "rel=\"nofollow ugc noopener\">www.example.org</a>.</p>\n");
        assertThat(CommentMarkdown.toHtml("javascript:alert(1)")).doesNotContain("<a ");
    }

    @Test
    void onlyHttpHttpsAndMailtoLinksAreLinks() {
        for (String body : List.of(
                "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
                "[x](javascript:alert(1))",
                "[x](vbscript:msgbox(1))",
                "[x](JavaScript:alert(1))",
                "[x](DATA:text/html,<b>)",
                "[x](<java\tscript:alert(1)>)",
                "[x](java&#x09;script:alert(1))",
                "[x](&#106;avascript:alert(1))",
                "[x](javascript&colon;alert(1))",
                "[x](&#x20;javascript:alert(1))",
                "[x](%20javascript:alert(1))",
                "[x](/relative/path)",
                "[x][r]\n\n[r]: data:text/html,hi",
                "<javascript:alert(1)>",
                "<data:text/html,hi>",
                "![x](data:image/png;base64,iVBORw0KGgo=)",
                "![](javascript:alert(1))",
                "[![x](javascript:alert(1))](data:text/html,hi)")) {
            assertThat(CommentMarkdown.toHtml(body)).as(body).doesNotContain("<a").doesNotContain("href");
        }
        assertThat(CommentMarkdown.toHtml("[x](https://example.org/a?b=1&c=2)"))
                .isEqualTo("<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">x</a></p>\n");
        assertThat(CommentMarkdown.toHtml("[x](HTTP://example.org)")).contains("<a href=\"HTTP://example.org\"");
        assertThat(CommentMarkdown.toHtml("<https://example.org>")).contains("<a href=\"https://example.org\"");
        assertThat(CommentMarkdown.toHtml("<ada@example.org>")).contains("<a href=\"mailto:ada@example.org\"");
        assertThat(CommentMarkdown.toHtml("[x](mailto:ada@example.org)")).contains("<a href=\"mailto:ada@example.org\"");
        assertThat(CommentMarkdown.toHtml("[x](<ht\ttps://example.org>)")).as("the URL a browser would follow")
                .contains("<a href=\"https://example.org\"");
    }

    @Test
    void bodiesThatNestTooDeeplyOrExpandTooMuchAreRefusedWithAReason() {
        for (String body : HOSTILE) {
            assertThatThrownBy(() -> CommentMarkdown.toHtml(body)).as(body.substring(0, 20))
                    .isInstanceOf(CommunityException.class)
                    .satisfies(e -> assertThat(((CommunityException) e).kind()).isEqualTo(CommunityException.Kind.INVALID))
                    .hasMessageContaining("allowed");
        }
        assertThat(CommentMarkdown.toHtml("> ".repeat(CommentMarkdown.MAX_NESTING - 2) + "deep")).contains("deep");
        assertThat(CommentMarkdown.toHtml("&".repeat(Comment.MAX_LENGTH))).as("escaping is not expansion")
                .hasSizeGreaterThan(Comment.MAX_LENGTH * 5);
    }

    @Test
    void aStoredBodyThatCannotBeRenderedIsShownAsEscapedText() {
        assertThat(CommentMarkdown.toHtmlOrPlainText("> ".repeat(30) + "<b>"))
                .isEqualTo("<p>" + "&gt; ".repeat(30) + "&lt;b&gt;</p>\n");
        assertThat(CommentMarkdown.toHtmlOrPlainText("*fine*")).isEqualTo("<p><em>fine</em></p>\n");
    }
}
