package org.paperboy.subscription;

import java.util.List;

/**
 * One address's subscription to the digests.
 *
 * @param userId the member whose address it is, or null for a visitor's subscription
 * @param lastDigestPeriod the day or week of the last digest queued for it, or null
 */
public record Subscription(long id, String email, Long userId, Preferences preferences, Status status,
                           String lastDigestPeriod) {

    public enum Status { PENDING, CONFIRMED, UNSUBSCRIBED }

    public boolean confirmed() {
        return status == Status.CONFIRMED;
    }

    public Frequency frequency() {
        return preferences.frequency();
    }

    public boolean communityPicks() {
        return preferences.communityPicks();
    }

    public List<String> categories() {
        return preferences.categories();
    }
}
