package org.paperboy.community;

import java.time.Instant;
import org.paperboy.catalog.PaperId;

/** A comment on a paper; {@code parentId} is null for a top-level comment. A deleted comment has an empty body. */
public record Comment(long id, PaperId paperId, long userId, Long parentId, String body, Instant createdAt,
                      Instant editedAt, Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
