package org.paperboy.subscription;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a digest holds and how often: the community's picks, the papers announced in chosen arXiv categories, and (for
 * a member) what their saved alerts found. A digest with none of them would always be empty, so one is required.
 */
public record Preferences(Frequency frequency, boolean communityPicks, List<String> categories, boolean alertMatches) {

    public static final int MAX_CATEGORIES = 20;
    /** An arXiv category as the catalog stores them: cs.CL, hep-th, math.AG. */
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z-]{0,30}(\\.[A-Za-z][A-Za-z-]{0,30})?");

    public Preferences {
        if (frequency == null) {
            throw new IllegalArgumentException("choose daily or weekly");
        }
        categories = List.copyOf(categories);
        if (!communityPicks && categories.isEmpty() && !alertMatches) {
            throw new IllegalArgumentException("choose the community's picks, some arXiv categories, or both");
        }
        if (categories.size() > MAX_CATEGORIES) {
            throw new IllegalArgumentException("choose at most " + MAX_CATEGORIES + " categories");
        }
        for (String category : categories) {
            if (!CATEGORY.matcher(category).matches()) {
                throw new IllegalArgumentException("'" + abbreviate(category) + "' is not an arXiv category such as "
                        + "cs.CL or hep-th");
            }
        }
    }

    /** Without alert matches: a subscriber who is not a member has no alerts. */
    public Preferences(Frequency frequency, boolean communityPicks, List<String> categories) {
        this(frequency, communityPicks, categories, false);
    }

    /** What a member gets when they save an alert and have no digest yet: only what their alerts find, daily. */
    public static Preferences alertsOnly() {
        return new Preferences(Frequency.DAILY, false, List.of(), true);
    }

    /**
     * Categories as a person types them: separated by spaces or commas, duplicates dropped.
     *
     * @throws IllegalArgumentException with a message for the person, when one is not a category
     */
    public static Preferences of(Frequency frequency, boolean communityPicks, String categories) {
        return of(frequency, communityPicks, categories, false);
    }

    /** As {@link #of(Frequency, boolean, String)}, for a member, who may also ask for their alerts' matches. */
    public static Preferences of(Frequency frequency, boolean communityPicks, String categories, boolean alertMatches) {
        return new Preferences(frequency, communityPicks, Arrays.stream(categories.split("[\\s,]+"))
                .filter(c -> !c.isEmpty()).distinct().toList(), alertMatches);
    }

    /** As stored and shown in forms: space-separated. */
    public String categoryText() {
        return String.join(" ", categories);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 39) + "…";
    }
}
