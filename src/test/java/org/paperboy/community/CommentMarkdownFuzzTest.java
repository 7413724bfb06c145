package org.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes the comment renderer with any comment the server accepts: it returns HTML made only of the tags the safe
 * subset allows, with links only to http(s) or mailto, or refuses the comment as invalid (too deeply nested, too much
 * HTML) with a message; anything else escaping, a stack overflow say, is a finding. Seeds: {@code CommentMarkdownFuzzTestInputs/};
 * fuzzed by {@code bench/fuzz.sh}.
 */
class CommentMarkdownFuzzTest {

    private static final Pattern TAG = Pattern.compile("<(/?)([a-z0-9]+)((?: [a-z]+=\"[^\"<>]*\")*) ?/?>");
    private static final Pattern ALLOWED = Pattern.compile("p|blockquote|pre|code|ul|ol|li|em|strong|a|br");
    private static final Pattern ATTRIBUTE = Pattern.compile(" ([a-z]+)=\"([^\"]*)\"");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):");

    @FuzzTest
    @DictionaryEntries({"> ", "](", "![", "[", "<", ">", "`", "```", "~~~", "*", "_", "- ", "1. ", "&#", "&amp;",
            "\"", "'", "\\", "http://", "https://", "mailto:", "javascript:", "data:", "<script>", "<a href=", "    "})
    void rendersSafeHtml(@NotNull byte[] bytes) {
        String markdown = new String(bytes, StandardCharsets.UTF_8);
        if (markdown.length() > Comment.MAX_LENGTH) {
            return;
        }
        String html;
        try {
            html = CommentMarkdown.toHtml(markdown);
        } catch (CommunityException refused) {
            assertThat(refused.kind()).isEqualTo(CommunityException.Kind.INVALID);
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        Matcher tag = TAG.matcher(html);
        int at = 0;
        while (tag.find()) {
            assertThat(html.substring(at, tag.start())).as("text between tags, in %s", html).doesNotContain("<", ">");
            assertThat(tag.group(2)).as("tag in %s", html).matches(ALLOWED);
            Matcher attribute = ATTRIBUTE.matcher(tag.group(3));
            while (attribute.find()) {
                if (attribute.group(1).equals("href")) {
                    assertLinkIsAllowed(attribute.group(2), html);
                }
            }
            at = tag.end();
        }
        assertThat(html.substring(at)).as("text after the last tag, in %s", html).doesNotContain("<", ">");
    }

    /** The scheme as a browser reads it: after decoding the character references of the attribute value. */
    private static void assertLinkIsAllowed(String href, String html) {
        String decoded = REFERENCE.matcher(href).replaceAll(r -> Matcher.quoteReplacement(decode(r.group(1))));
        Matcher scheme = SCHEME.matcher(decoded.strip().toLowerCase(Locale.ROOT));
        if (scheme.find()) {
            assertThat(scheme.group(1)).as("link scheme in %s", html).isIn("http", "https", "mailto");
        }
    }

    private static String decode(String reference) {
        if (reference.startsWith("#")) {
            boolean hex = reference.length() > 1 && (reference.charAt(1) == 'x' || reference.charAt(1) == 'X');
            String digits = reference.substring(hex ? 2 : 1);
            int codePoint = digits.length() > 7 ? -1 : Integer.parseInt(digits, hex ? 16 : 10);
            return Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : "\uFFFD";
        }
        return switch (reference) {
            case "amp" -> "&";
            case "quot" -> "\"";
            case "lt" -> "<";
            case "gt" -> ">";
            case "colon" -> ":";
            default -> "&" + reference + ";";
        };
    }
}
