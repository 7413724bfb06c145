package org.paperboy.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.QueryBuilder;

/**
 * Gives a very short query's acronyms the long form the corpus defines them with, for the semantic side of search:
 * "DPO" alone embeds as three letters with no meaning (its nearest papers are arbitrary, e.g. about hip dysplasia),
 * while "Direct Preference Optimization (DPO)" embeds as the method.
 *
 * <p>The long forms are harvested when asked, from the abstracts and titles of the papers that mention the word
 * most (by BM25): each "long form (ACRONYM)" there is read with Schwartz and Hearst's algorithm (2003: the acronym's
 * letters appear in order in the words before the parenthesis, its first letter starting a word), and the long form
 * found most often wins. A word counts as an acronym only where the corpus writes it in parentheses with at least two
 * capitals, so ordinary words are left alone; so is a query of more than {@value #MAX_QUERY_WORDS} words, which has
 * context enough of its own.
 */
public final class AcronymExpansion {

    static final int MAX_QUERY_WORDS = 3;
    /** Papers read per word: those that mention it most. */
    public static final int PAPERS_READ = 20;
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,9}");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Where long forms are defined; the other stored fields are not read. */
    private static final Set<String> TEXT_FIELDS = Set.of(IndexDocuments.TITLE, IndexDocuments.ABSTRACT);

    /** Where an engine finds the papers that mention a word most (by BM25). */
    @FunctionalInterface
    public interface Mentions {
        /** The titles and abstracts of the {@value #PAPERS_READ} papers that mention {@code word} most, best first. */
        List<String> textsMentioning(String word) throws IOException;
    }

    /** {@code text} with each acronym followed by the corpus's long form in parentheses, or as it was. */
    public String expand(String text, Mentions mentions) throws IOException {
        String[] words = SPACES.split(text.strip());
        if (text.isBlank() || words.length > MAX_QUERY_WORDS) {
            return text;
        }
        StringBuilder expanded = new StringBuilder();
        boolean changed = false;
        for (String word : words) {
            Optional<String> longForm = WORD.matcher(word).matches() ? longForm(mentions, word) : Optional.empty();
            expanded.append(expanded.isEmpty() ? "" : " ").append(longForm.map(lf -> lf + " (" + word + ")").orElse(word));
            changed |= longForm.isPresent();
        }
        return changed ? expanded.toString() : text;
    }

    /** The embedded index's mentions: the {@code text} field's BM25 ranking, titles and abstracts from stored fields. */
    static Mentions in(IndexSearcher searcher) {
        QueryBuilder queries = new QueryBuilder(Analyzers.prose());
        return word -> {
            Query mentions = queries.createBooleanQuery(IndexDocuments.TEXT, word);
            if (mentions == null) {
                return List.of(); // a stop word
            }
            List<String> texts = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : searcher.search(mentions, PAPERS_READ).scoreDocs) {
                Document doc = stored.document(hit.doc, TEXT_FIELDS);
                for (String field : new String[] {IndexDocuments.TITLE, IndexDocuments.ABSTRACT}) {
                    if (doc.get(field) != null) {
                        texts.add(doc.get(field));
                    }
                }
            }
            return texts;
        };
    }

    private Optional<String> longForm(Mentions mentions, String acronym) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        Pattern inParentheses = inParentheses(acronym);
        for (String value : mentions.textsMentioning(acronym)) {
            definitions(value, inParentheses).forEach((key, form) -> {
                counts.merge(key, 1, Integer::sum);
                spelling.putIfAbsent(key, form);
            });
        }
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue()) // the first met of equal counts: the best-matching paper's
                .map(e -> spelling.get(e.getKey()));
    }

    /** The long forms {@code text} defines {@code acronym} with, keyed by their lower case. */
    static Map<String, String> definitions(String text, String acronym) {
        return definitions(text, inParentheses(acronym));
    }

    /** The acronym in parentheses, in any case, perhaps in the plural: "(LLM)", "(LLMs)". */
    private static Pattern inParentheses(String acronym) {
        return Pattern.compile("\\((" + Pattern.quote(acronym) + ")s?\\)", Pattern.CASE_INSENSITIVE);
    }

    private static Map<String, String> definitions(String text, Pattern inParentheses) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = inParentheses.matcher(text);
        while (m.find()) {
            String shortForm = m.group(1);
            if (shortForm.chars().filter(Character::isUpperCase).count() < 2) {
                continue;
            }
            longForm(text.substring(0, m.start()), shortForm)
                    .ifPresent(lf -> found.putIfAbsent(lf.toLowerCase(Locale.ROOT), lf));
        }
        return found;
    }

    /**
     * Schwartz and Hearst's long form: the shortest run of words ending just before the parenthesis in which the short
     * form's letters and digits appear in order, the first of them starting a word; at most min(n + 5, 2n) words for
     * a short form of n characters, within the same clause.
     */
    static Optional<String> longForm(String before, String shortForm) {
        String clause = before.stripTrailing();
        int cut = Math.max(Math.max(clause.lastIndexOf('.'), clause.lastIndexOf(';')),
                Math.max(clause.lastIndexOf(':'), Math.max(clause.lastIndexOf('('), clause.lastIndexOf(')'))));
        clause = clause.substring(cut + 1).strip();
        String[] words = SPACES.split(clause);
        int maxWords = Math.min(shortForm.length() + 5, shortForm.length() * 2);
        String window = String.join(" ", Arrays.copyOfRange(words, Math.max(0, words.length - maxWords),
                words.length));
        String s = shortForm.toLowerCase(Locale.ROOT);
        String l = window.toLowerCase(Locale.ROOT);
        int si = s.length() - 1;
        int li = l.length() - 1;
        for (; si >= 0; si--) {
            char c = s.charAt(si);
            if (!Character.isLetterOrDigit(c)) {
                continue;
            }
            while (li >= 0 && (l.charAt(li) != c || (si == 0 && li > 0 && Character.isLetterOrDigit(l.charAt(li - 1))))) {
                li--;
            }
            if (li < 0) {
                return Optional.empty();
            }
            li--;
        }
        int start = l.lastIndexOf(' ', li) + 1;
        String longForm = window.substring(start).strip();
        boolean meaningful = longForm.length() > shortForm.length() && longForm.contains(" ")
                && !longForm.toLowerCase(Locale.ROOT).contains(s);
        return meaningful ? Optional.of(longForm) : Optional.empty();
    }
}
