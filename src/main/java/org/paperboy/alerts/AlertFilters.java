package org.paperboy.alerts;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.paperboy.catalog.Paper;
import org.paperboy.community.CommunityException;
import org.paperboy.search.UserQuery;

/**
 * What a paper must be, besides close in meaning, to match an alert. Every list may be empty (no condition).
 *
 * @param categories the paper is in one of them; an archive ({@code cs}) stands for all its categories
 * @param authors    one of the paper's authors' names contains one of these (case and accents ignored)
 * @param mustHave   the title or abstract has every one of these words or phrases (English stems: "model" finds
 *                   "models")
 * @param mustNot    the title and abstract have none of them
 */
public record AlertFilters(List<String> categories, List<String> authors, List<String> mustHave, List<String> mustNot) {

    static final int MAX_ITEMS = 20;
    static final int MAX_ITEM_CHARS = 100;

    public static final AlertFilters NONE = new AlertFilters(List.of(), List.of(), List.of(), List.of());

    public AlertFilters {
        categories = clean("categories", categories);
        authors = clean("authors", authors);
        mustHave = clean("must-have words", mustHave);
        mustNot = clean("must-not words", mustNot);
    }

    /** Filters from comma-separated lists, as a form sends them. */
    public static AlertFilters parse(String categories, String authors, String mustHave, String mustNot) {
        return new AlertFilters(split(categories), split(authors), split(mustHave), split(mustNot));
    }

    /**
     * The filters a search states: its {@code cat:} and {@code au:} fields, its "phrases" (must have) and
     * -exclusions (must not), plus the search form's categories.
     */
    static AlertFilters fromQuery(UserQuery query, Set<String> formCategories) {
        List<String> categories = new java.util.ArrayList<>(formCategories);
        List<String> authors = new java.util.ArrayList<>();
        List<String> mustHave = new java.util.ArrayList<>();
        List<String> mustNot = new java.util.ArrayList<>();
        for (UserQuery.Clause clause : query.clauses()) {
            switch (clause.field()) {
                case CATEGORY -> (clause.excluded() ? mustNot : categories).add(clause.text());
                case AUTHORS -> {
                    if (!clause.excluded()) {
                        authors.add(clause.text());
                    }
                }
                case ID -> { }
                default -> {
                    if (clause.excluded()) {
                        mustNot.add(clause.text());
                    } else if (clause.phrase()) {
                        mustHave.add(clause.text());
                    }
                }
            }
        }
        return new AlertFilters(categories, authors, mustHave, mustNot);
    }

    /** Whether the paper passes every filter; {@code stems}: the English stems of its title and abstract. */
    boolean test(Paper paper, Set<String> stems) {
        return inCategories(paper) && byAuthors(paper)
                && mustHave.stream().allMatch(words -> stems.containsAll(Terms.stems(words)))
                && mustNot.stream().noneMatch(words -> stems.containsAll(Terms.stems(words)));
    }

    private boolean inCategories(Paper paper) {
        return categories.isEmpty() || paper.categories().stream().anyMatch(category -> categories.stream()
                .anyMatch(wanted -> category.equalsIgnoreCase(wanted)
                        || (!wanted.contains(".") && category.toLowerCase(Locale.ROOT).startsWith(wanted.toLowerCase(Locale.ROOT) + "."))));
    }

    private boolean byAuthors(Paper paper) {
        if (authors.isEmpty()) {
            return true;
        }
        List<String> names = paper.authors().stream().map(AlertFilters::fold).toList();
        return authors.stream().map(AlertFilters::fold).anyMatch(wanted -> names.stream().anyMatch(n -> n.contains(wanted)));
    }

    /** Lower case without accents: "Müller" and "muller" are one name. */
    private static String fold(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> split(String list) {
        return list == null ? List.of() : java.util.Arrays.stream(list.split(",")).toList();
    }

    private static List<String> clean(String what, List<String> items) {
        List<String> kept = items == null ? List.of() : items.stream().map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList();
        if (kept.size() > MAX_ITEMS || kept.stream().anyMatch(s -> s.length() > MAX_ITEM_CHARS)) {
            throw new CommunityException(CommunityException.Kind.INVALID, "an alert takes at most " + MAX_ITEMS + " "
                    + what + " of at most " + MAX_ITEM_CHARS + " characters each");
        }
        return kept;
    }
}
