package org.paperboy.community;

import java.time.Instant;
import org.paperboy.catalog.PaperId;

/**
 * A comment on a paper, with its author's username and display name; {@code parentId} is null for a top-level
 * comment. {@code html} is the body rendered when it was written ({@link CommentMarkdown}), safe to show as it is. A
 * deleted comment keeps its place in the thread with an empty body.
 */
public record Comment(long id, PaperId paperId, long userId, Long parentId, String body, String html,
                      Instant createdAt, Instant editedAt, Instant deletedAt, String authorUsername, String authorName) {

    /** The longest comment body, in characters. */
    public static final int MAX_LENGTH = 10_000;

    public boolean deleted() {
        return deletedAt != null;
    }
}
