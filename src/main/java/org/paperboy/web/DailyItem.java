package org.paperboy.web;

import gg.jte.Content;
import org.paperboy.catalog.ListedPaper;
import org.paperboy.catalog.Paper;
import org.paperboy.community.FeedEntry;

/**
 * A paper in a list: {@code heading} (title, authors, date) and {@code abstractBlock} are rendered HTML
 * ({@link PaperSummaries}); {@code entry} is its community submission, or null when it was only announced;
 * {@code upvoted} says whether the viewer has upvoted it; {@code comments} counts its discussion; {@code listed} is how
 * arXiv announced it on the day shown, or null outside a day's announced list.
 */
public record DailyItem(Paper paper, Content heading, Content abstractBlock, FeedEntry entry, int upvotes,
        boolean upvoted, int comments, ListedPaper listed) {

    /** What the announcement made of the paper, in a reader's words ("New", "Cross-list", "Replacement"); null outside a day's list. */
    public String announceLabel() {
        if (listed == null) {
            return null;
        }
        return switch (listed.type()) {
            case NEW -> "New";
            case CROSS -> "Cross-list";
            case REPLACE, REPLACE_CROSS -> "Replacement";
        };
    }
}
