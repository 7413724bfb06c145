package org.paperboy.web;

import org.paperboy.catalog.Paper;
import org.paperboy.community.FeedEntry;

/**
 * A paper in a list: {@code entry} is its community submission, or null when it was only announced; {@code upvoted}
 * says whether the viewer has upvoted it.
 */
public record DailyItem(Paper paper, FeedEntry entry, int upvotes, boolean upvoted) {}
