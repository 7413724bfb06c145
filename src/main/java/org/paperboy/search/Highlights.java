package org.paperboy.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place where snippets become HTML, for every engine: an engine reports plain text and which ranges of it
 * matched (as offsets, or as the {@link #START}/{@link #END} sentinels around them), and this escapes the text and
 * puts {@code <mark>} around the ranges. Nothing an engine or a paper's text contains can reach the page as markup.
 */
public final class Highlights {

    /** Private-use characters an engine is asked to put around matches; papers' text never carries them. */
    public static final char START = '\uE000';
    public static final char END = '\uE001';
    /** Between two snippets of one field that are not next to each other. */
    static final String GAP = " … ";

    private Highlights() {}

    /** {@code text} without the sentinels, as indexed: so that only the engine's markers are ever read as marks. */
    public static String withoutSentinels(String text) {
        return text == null ? null : text.replace(String.valueOf(START), "").replace(String.valueOf(END), "");
    }

    /**
     * {@code text[from, to)} as escaped HTML, with the ranges {@code starts[i]..ends[i]} (offsets into {@code text},
     * in any order, overlapping or not, clipped to the span) marked.
     */
    public static String html(String text, int from, int to, int[] starts, int[] ends) {
        int[][] ranges = new int[starts.length][];
        for (int i = 0; i < starts.length; i++) {
            ranges[i] = new int[] {Math.max(from, starts[i]), Math.min(to, ends[i])};
        }
        Arrays.sort(ranges, (a, b) -> Integer.compare(a[0], b[0]));
        StringBuilder html = new StringBuilder();
        int pos = from;
        for (int i = 0; i < ranges.length; i++) {
            int start = Math.max(pos, ranges[i][0]);
            int end = ranges[i][1];
            // ranges that overlap or touch this one are marked with it, as one
            while (i + 1 < ranges.length && ranges[i + 1][0] <= end) {
                end = Math.max(end, ranges[++i][1]);
            }
            if (end <= start) {
                continue; // empty, or inside a range already marked
            }
            escape(text, pos, start, html);
            html.append("<mark>");
            escape(text, start, end, html);
            html.append("</mark>");
            pos = end;
        }
        escape(text, pos, to, html);
        return html.toString();
    }

    /**
     * Fragments whose matches an engine put between {@link #START} and {@link #END}, as escaped HTML joined by
     * {@link #GAP}; null when none marks anything (an unmarked snippet tells the reader nothing).
     */
    public static String fromSentinels(List<String> fragments) {
        List<String> html = new ArrayList<>();
        boolean marked = false;
        for (String fragment : fragments) {
            List<Integer> starts = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            StringBuilder plain = new StringBuilder(fragment.length());
            for (int i = 0; i < fragment.length(); i++) {
                char c = fragment.charAt(i);
                if (c == START) {
                    starts.add(plain.length());
                } else if (c == END) {
                    if (ends.size() < starts.size()) {
                        ends.add(plain.length());
                    }
                } else {
                    plain.append(c);
                }
            }
            while (ends.size() < starts.size()) {
                ends.add(plain.length()); // an unclosed mark runs to the end
            }
            marked |= !starts.isEmpty();
            html.add(html(plain.toString(), 0, plain.length(), toArray(starts), toArray(ends)));
        }
        return marked ? String.join(GAP, html) : null;
    }

    /** A snippet only when it marks something. */
    static String ifMarked(String html) {
        return html != null && html.contains("<mark>") ? html : null;
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void escape(String text, int from, int to, StringBuilder html) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#x27;");
                case '/' -> html.append("&#x2F;");
                case START, END -> { } // an engine's markers are read as marks, never shown
                default -> html.append(c);
            }
        }
    }
}
