package org.paperboy.ingest.arxiv;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.paperboy.catalog.AnnounceType;
import org.paperboy.catalog.PaperId;

/**
 * What one read of an announcement feed saw and did.
 *
 * @param feed              the categories read, as in the feed's URL ({@code cs+cs.AI+hep-th})
 * @param day               the listing day the entries give (the latest, should they differ); null for an empty feed
 * @param counts            entries of each announce type, skipped ones left out
 * @param changed           announcement rows written or removed: 0 when the same listing was read before
 * @param missing           papers the listing names that the catalog lacks, new submissions first
 * @param problems          entries skipped, and why
 * @param todayIsListingDay whether arXiv's schedule has a listing dated today (US Eastern): an empty feed on such a day
 *                          means arXiv is late, not a weekend or a holiday
 */
public record ListingRun(String feed, LocalDate day, Map<AnnounceType, Integer> counts, int changed,
                         List<PaperId> missing, List<RecordProblem> problems, boolean todayIsListingDay) {

    public ListingRun {
        EnumMap<AnnounceType, Integer> all = new EnumMap<>(AnnounceType.class);
        for (AnnounceType type : AnnounceType.values()) {
            all.put(type, counts.getOrDefault(type, 0));
        }
        counts = java.util.Collections.unmodifiableMap(all);
        missing = List.copyOf(missing);
        problems = List.copyOf(problems);
    }

    public int count(AnnounceType type) {
        return counts.get(type);
    }

    /** Whether the feed had no announcement to read: nothing was recorded. */
    public boolean empty() {
        return counts.values().stream().allMatch(n -> n == 0);
    }

    /** One line for the log and the command line. */
    public String summary() {
        String skipped = problems.isEmpty() ? "" : "; " + problems.size() + " entries skipped";
        if (empty()) {
            return "the feed " + feed + " is empty: " + (todayIsListingDay
                    ? "arXiv's schedule has a listing today, so it may be late" : "no listing today (a weekend or a holiday)")
                    + skipped;
        }
        return "listing of " + day + " (" + feed + "): " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().code()).collect(Collectors.joining(", "))
                + "; " + changed + " rows changed; " + missing.size() + " papers not in the catalog" + skipped;
    }
}
