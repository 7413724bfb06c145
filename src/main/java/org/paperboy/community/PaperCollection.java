package org.paperboy.community;

import java.time.Instant;

/**
 * A member's named collection of papers (a reading list). {@code id} is random and goes in its links;
 * {@code papers} is how many it holds. A private collection is seen by its owner alone.
 */
public record PaperCollection(String id, long ownerId, String ownerUsername, String ownerName, String name,
        boolean isPublic, int papers, Instant createdAt) {

    /** Whether this member (null: an anonymous visitor) may see it. */
    public boolean visibleTo(User viewer) {
        return isPublic || ownedBy(viewer);
    }

    public boolean ownedBy(User member) {
        return member != null && member.id() == ownerId;
    }
}
