package org.paperboy.mail.digest;

import java.time.LocalDate;
import java.util.List;
import org.paperboy.catalog.PaperId;

/**
 * A member's followed authors' new papers, as a section of their digest ("New from authors you follow"). Found
 * elsewhere; {@link #NONE} is what a site without them uses.
 */
@FunctionalInterface
public interface DigestFollows {

    DigestFollows NONE = (userId, from, to) -> List.of();

    /** The papers first seen from {@code from} to {@code to} (inclusive) by authors the member follows. */
    List<FollowedItem> papersFor(long userId, LocalDate from, LocalDate to);

    /** @param why whose paper it is, in words (plain text; the digest escapes it) */
    record FollowedItem(PaperId id, String why) {}
}
