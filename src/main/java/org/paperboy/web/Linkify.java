package org.paperboy.web;

import java.net.URI;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperboy.catalog.Paper;

/**
 * The http(s) addresses in plain text (an abstract) made into links: the text HTML-escaped, each address a link that
 * search engines do not follow and that cannot reach back into this page ({@code rel="nofollow noopener"}).
 */
public final class Linkify {

    private Linkify() {}

    /** An address runs to the next space, quote or angle bracket; trailing punctuation is trimmed off afterwards. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+", Pattern.CASE_INSENSITIVE);
    private static final String TRAILING = ".,;:!?*'\"";
    /** Hosts whose addresses in an abstract are usually the paper's code or models. */
    private static final Set<String> CODE_HOSTS = Set.of("github.com", "gitlab.com", "huggingface.co");

    /** The text as HTML, escaped, with its addresses as links. */
    public static String html(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        if (text.indexOf("://") < 0) {
            return escape(text); // most abstracts have no address: skip the matcher
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        Matcher m = URL.matcher(text);
        int done = 0;
        while (m.find()) {
            int end = trimmedEnd(text, m.start(), m.end());
            if (end - m.start() <= "https://".length()) {
                continue;
            }
            String url = text.substring(m.start(), end);
            out.append(escape(text.substring(done, m.start())))
                    .append("<a href=\"").append(escape(url)).append("\" rel=\"nofollow noopener\">")
                    .append(escape(url)).append("</a>");
            done = end;
        }
        return out.append(escape(text.substring(done))).toString();
    }

    /** The paper's code: a repository its abstract names, else one its arXiv comments name; null if neither does. */
    public static String codeUrl(Paper paper) {
        String inAbstract = codeUrl(paper.abstractText());
        return inAbstract != null ? inAbstract : codeUrl(paper.comments());
    }

    /**
     * The first address in the text on a code host (github.com, gitlab.com, huggingface.co) that names a repository,
     * an owner and a name at least; null if there is none.
     */
    static String codeUrl(String text) {
        if (text == null || text.indexOf("://") < 0) {
            return null;
        }
        Matcher m = URL.matcher(text);
        while (m.find()) {
            String url = text.substring(m.start(), trimmedEnd(text, m.start(), m.end()));
            try {
                URI uri = URI.create(url);
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
                host = host.startsWith("www.") ? host.substring(4) : host;
                String path = uri.getPath() == null ? "" : uri.getPath();
                if (CODE_HOSTS.contains(host) && path.matches("/[^/]+/[^/]+.*")) {
                    return url;
                }
            } catch (IllegalArgumentException e) {
                // not a well-formed address: not offered as the code's
            }
        }
        return null;
    }

    /** The end of an address without the punctuation that follows it in prose, and a ')' it did not open. */
    private static int trimmedEnd(String text, int start, int end) {
        while (end > start) {
            char last = text.charAt(end - 1);
            if (TRAILING.indexOf(last) >= 0) {
                end--;
            } else if (last == ')' && count(text, start, end, '(') < count(text, start, end, ')')) {
                end--;
            } else if (last == ']' && count(text, start, end, '[') < count(text, start, end, ']')) {
                end--;
            } else {
                return end;
            }
        }
        return end;
    }

    private static int count(String text, int start, int end, char c) {
        int n = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String entity = switch (text.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&#34;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(text.charAt(i));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
