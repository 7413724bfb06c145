package org.paperboy.community;

/**
 * A paper on the community feed: the submission, who made it, the paper's upvotes and comments, and the day the
 * paper was published (null if unknown).
 */
public record FeedEntry(Submission submission, String submitterUsername, String submitterName, int upvotes,
                        int comments, java.time.LocalDate paperPublished) {}
