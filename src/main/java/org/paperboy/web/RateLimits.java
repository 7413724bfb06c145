package org.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.HttpStatus;
import java.time.Duration;

/**
 * Limits how often one client may do the things that cost us or others: signing up, logging in (password
 * guessing), submitting, voting and commenting. A token bucket per action and client (an address before sign-in, the
 * member after); buckets of clients not seen for an hour are forgotten, and at most {@link #MAX_CLIENTS} are kept,
 * so a flood of addresses cannot exhaust memory. Limits are per server process.
 */
final class RateLimits {

    static final int MAX_CLIENTS = 100_000;

    enum Action {
        SIGN_UP(5, Duration.ofHours(1), "sign-ups"),
        LOG_IN(10, Duration.ofMinutes(5), "login attempts"),
        /**
         * Per username, whatever the address, so that guesses spread over many addresses still reach one account
         * slowly; the price is that a guesser can slow down the owner's own logins for a while.
         */
        LOG_IN_ACCOUNT(10, Duration.ofMinutes(15), "login attempts for this account"),
        /** Requests for a password-reset mail, per address of the client and (the next) per address asked for. */
        RESET_PASSWORD(10, Duration.ofHours(1), "password reset requests"),
        RESET_PASSWORD_ADDRESS(3, Duration.ofHours(1), "password reset requests for this address"),
        /** A member's requests for mail about their account (a new confirmation link, a change of address). */
        ACCOUNT_MAIL(5, Duration.ofHours(1), "requests for mail"),
        SUBMIT(20, Duration.ofHours(1), "submissions"),
        VOTE(60, Duration.ofMinutes(1), "votes"),
        COMMENT(10, Duration.ofMinutes(5), "comments"),
        EDIT_COMMENT(20, Duration.ofMinutes(5), "comment edits"),
        SUBSCRIBE(10, Duration.ofHours(1), "subscription requests"),
        /** Per address, whoever asks: a stranger cannot fill someone's inbox with confirmation links. */
        SUBSCRIBE_ADDRESS(3, Duration.ofHours(1), "subscription requests for this address"),
        /** Page, API and feed searches: the capacity is the setting {@code search.rate-limit}. */
        SEARCH(600, Duration.ofMinutes(1), "searches");

        final int capacity;
        final Duration period;
        final String what;

        Action(int capacity, Duration period, String what) {
            this.capacity = capacity;
            this.period = period;
            this.what = what;
        }
    }

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    /** Takes one token for this action and client, or answers 429 with the seconds to wait in Retry-After. */
    void acquire(Action action, String client) {
        acquire(action, client, action.capacity);
    }

    /** As {@link #acquire(Action, String)}, with a capacity per period that the configuration sets. */
    void acquire(Action action, String client, int capacity) {
        Bucket bucket = buckets.get(action.name() + ' ' + client, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, action.period).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
            throw new HttpError(HttpStatus.TOO_MANY_REQUESTS, "too many " + action.what + "; try again in "
                    + seconds + " s").retryAfter(seconds);
        }
    }
}
