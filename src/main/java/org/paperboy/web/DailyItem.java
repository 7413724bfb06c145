package org.paperboy.web;

import gg.jte.Content;
import org.paperboy.catalog.Paper;
import org.paperboy.community.FeedEntry;

/**
 * A paper in a list: {@code heading} (title, authors, date) and {@code abstractBlock} are rendered HTML
 * ({@link PaperSummaries}); {@code entry} is its community submission, or null when it was only announced;
 * {@code upvoted} says whether the viewer has upvoted it.
 */
public record DailyItem(Paper paper, Content heading, Content abstractBlock, FeedEntry entry, int upvotes,
        boolean upvoted) {}
