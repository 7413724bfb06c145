package org.paperboy.mail.digest;

import java.time.Instant;
import java.util.List;
import org.paperboy.catalog.PaperId;

/**
 * A member's saved alerts, as sections of their digest: for each alert, the papers that matched it in the digest's
 * period, best first. Alerts are built elsewhere; {@link #NONE} is what a site without them uses.
 */
@FunctionalInterface
public interface DigestAlerts {

    DigestAlerts NONE = (userId, since, until) -> List.of();

    /** The member's alerts with the papers they matched from {@code since} (inclusive) to {@code until} (exclusive). */
    List<AlertSection> sectionsFor(long userId, Instant since, Instant until);

    /** One alert's papers; a section without items is left out of the digest. */
    record AlertSection(String alertName, List<AlertItem> items) {
        public AlertSection {
            items = List.copyOf(items);
        }
    }

    /** @param why what in the paper matched, in words, shown under it (plain text; the digest escapes it) */
    record AlertItem(PaperId id, double score, String why) {}
}
