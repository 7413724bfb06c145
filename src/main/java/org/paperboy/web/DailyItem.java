package org.paperboy.web;

import org.paperboy.catalog.Paper;
import org.paperboy.community.FeedEntry;

/** A paper on the daily page; {@code entry} is its community submission, or null when it was only announced. */
public record DailyItem(Paper paper, FeedEntry entry) {}
