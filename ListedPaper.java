package org.paperboy.catalog;

import java.time.LocalDate;

/**
 * A paper in a day's listing ({@link Catalog#listing}): how it was announced that day, and whether that day is
 * arXiv's own (read from its listing) or an estimate (the listing was never read; see {@link Announcements}).
 */
public record ListedPaper(Paper paper, AnnounceType type, LocalDate day, boolean estimated) {}
