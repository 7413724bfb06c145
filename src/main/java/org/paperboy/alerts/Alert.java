package org.paperboy.alerts;

import java.time.Instant;
import java.util.List;
import org.paperboy.catalog.PaperId;

/**
 * A member's saved alert: a question in their words ({@code query}) or papers whose likes they want ({@code seeds},
 * "more like these"), and filters.
 */
public record Alert(long id, long userId, String name, String query, List<PaperId> seeds, AlertFilters filters,
                    Instant createdAt) {

    public Alert {
        query = query == null ? "" : query;
        seeds = List.copyOf(seeds);
    }

    public boolean moreLikeThese() {
        return !seeds.isEmpty();
    }
}
