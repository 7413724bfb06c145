package org.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.HttpStatus;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.paperboy.storage.RateBuckets;

/**
 * Limits how often one client may do the things that cost us or others: signing up, logging in (password
 * guessing), submitting, voting and commenting. A token bucket per action and client (an address before sign-in, the
 * member after).
 *
 * <p>The limits that protect accounts and inboxes ({@link Action#protectsAccounts}: log-in, sign-up, password resets,
 * account and subscription mail) are shared by every node of a cluster when the store is PostgreSQL
 * ({@link RateBuckets}): behind a load balancer a guesser's attempts count wherever they land. Their buckets are keyed
 * by a hash of the client, so the table holds no address or user name. The others only protect this node's CPU
 * and stay in memory, as every limit does on SQLite (one process): buckets of clients not seen for an hour are
 * forgotten, and at most {@link #MAX_CLIENTS} are kept, so a flood of addresses cannot exhaust memory.
 */
final class RateLimits {

    static final int MAX_CLIENTS = 100_000;

    enum Action {
        SIGN_UP(5, Duration.ofHours(1), "sign-ups", true),
        LOG_IN(10, Duration.ofMinutes(5), "login attempts", true),
        /**
         * Per username, whatever the address, so that guesses spread over many addresses still reach one account
         * slowly; the price is that a guesser can slow down the owner's own logins for a while.
         */
        LOG_IN_ACCOUNT(10, Duration.ofMinutes(15), "login attempts for this account", true),
        /** Requests for a password-reset mail, per address of the client and (the next) per address asked for. */
        RESET_PASSWORD(10, Duration.ofHours(1), "password reset requests", true),
        RESET_PASSWORD_ADDRESS(3, Duration.ofHours(1), "password reset requests for this address", true),
        /** A member's requests for mail about their account (a new confirmation link, a change of address). */
        ACCOUNT_MAIL(5, Duration.ofHours(1), "requests for mail", true),
        SUBMIT(20, Duration.ofHours(1), "submissions", false),
        VOTE(60, Duration.ofMinutes(1), "votes", false),
        COMMENT(10, Duration.ofMinutes(5), "comments", false),
        EDIT_COMMENT(20, Duration.ofMinutes(5), "comment edits", false),
        SUBSCRIBE(10, Duration.ofHours(1), "subscription requests", true),
        /** Per address, whoever asks: a stranger cannot fill someone's inbox with confirmation links. */
        SUBSCRIBE_ADDRESS(3, Duration.ofHours(1), "subscription requests for this address", true),
        /** Page, API and feed searches: the capacity is the setting {@code search.rate-limit}. */
        SEARCH(600, Duration.ofMinutes(1), "searches", false);

        final int capacity;
        final Duration period;
        final String what;
        /** Whether the limit protects accounts or inboxes (shared by a cluster), rather than only this node's CPU. */
        final boolean protectsAccounts;

        Action(int capacity, Duration period, String what, boolean protectsAccounts) {
            this.capacity = capacity;
            this.period = period;
            this.what = what;
            this.protectsAccounts = protectsAccounts;
        }
    }

    /** The cluster's buckets, or null when every limit is this process's. */
    private final ProxyManager<String> shared;

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    /** Every limit in this process's memory. */
    RateLimits() {
        this(Optional.empty());
    }

    /** The account-protecting limits in {@code shared} when present, the others in memory. */
    RateLimits(Optional<RateBuckets> shared) {
        this.shared = shared.map(RateBuckets::proxies).orElse(null);
    }

    /** Takes one token for this action and client, or answers 429 with the seconds to wait in Retry-After. */
    void acquire(Action action, String client) {
        acquire(action, client, action.capacity);
    }

    /** As {@link #acquire(Action, String)}, with a capacity per period that the configuration sets. */
    void acquire(Action action, String client, int capacity) {
        Bandwidth limit = Bandwidth.builder().capacity(capacity).refillGreedy(capacity, action.period).build();
        Bucket bucket = shared != null && action.protectsAccounts
                ? shared.getProxy(action.name() + ' ' + hash(client),
                        () -> BucketConfiguration.builder().addLimit(limit).build())
                : buckets.get(action.name() + ' ' + client, key -> Bucket.builder().addLimit(limit).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
            throw new HttpError(HttpStatus.TOO_MANY_REQUESTS, "too many " + action.what + "; try again in "
                    + seconds + " s").retryAfter(seconds);
        }
    }

    /** The client as the shared table keys it: no address or user name in the store. */
    private static String hash(String client) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(client.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
