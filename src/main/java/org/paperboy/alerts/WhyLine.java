package org.paperboy.alerts;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reason shown with a match: which alert, how close, and what it shares with the paper, e.g. {@code matches your
 * alert “retrieval augmented generation” (similarity 0.71; terms: retrieval, generation)} or, for "more like these",
 * {@code (similarity 0.80; closest to 2401.00001 “Accurate protein structure…”)}.
 */
final class WhyLine {

    private static final int MAX_TITLE = 80;

    private WhyLine() {}

    /**
     * @param seedTitle the closest seed paper's title (null for a query alert, or when the seed has left the catalog)
     * @param others    the member's other alerts that matched the paper too
     */
    static String of(AlertMatrix.Hit hit, String seedTitle, Set<String> paperStems, List<String> others) {
        StringBuilder why = new StringBuilder("matches your alert “").append(hit.alert().name()).append("” (similarity ")
                .append(String.format(Locale.ROOT, "%.2f", hit.score()));
        if (!hit.seed().isEmpty()) {
            why.append("; closest to ").append(hit.seed());
            if (seedTitle != null) {
                why.append(" “").append(abbreviate(seedTitle)).append('”');
            }
        } else {
            Set<String> terms = Terms.shared(hit.alert().query(), paperStems);
            if (!terms.isEmpty()) {
                why.append("; terms: ").append(String.join(", ", terms));
            }
        }
        why.append(')');
        if (!others.isEmpty()) {
            why.append("; also ").append(others.size() == 1 ? "your alert " : "your alerts ")
                    .append(String.join(", ", others.stream().map(name -> "“" + name + "”").toList()));
        }
        return why.toString();
    }

    private static String abbreviate(String title) {
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1).strip() + "…";
    }
}
