package org.paperboy.subscription;

import java.util.Optional;
import org.paperboy.community.Secrets;

/**
 * The token of a digest's unsubscribe link: {@code ID.SIGNATURE}, the subscription's id and an HMAC-SHA256, under the
 * site's key, of the purpose, the id and the address. Only the site can make one; one made for an address works for
 * no other (nor for a later subscription that reuses the id with another address). It does not expire: a digest read
 * months later must still unsubscribe, as mailbox providers expect.
 */
final class UnsubscribeTokens {

    static final String KEY_NAME = "unsubscribe";
    private static final String PURPOSE = "unsubscribe";
    private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("(\\d{1,18})\\.([A-Za-z0-9_-]{43})");

    private UnsubscribeTokens() {}

    static String token(String key, long subscriptionId, String email) {
        return subscriptionId + "." + signature(key, subscriptionId, email);
    }

    /** The subscription id a well-formed token names; whether it is genuine needs the address: {@link #valid}. */
    static Optional<Long> subscriptionId(String token) {
        var m = token == null ? null : SHAPE.matcher(token);
        return m != null && m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    static boolean valid(String key, String token, long subscriptionId, String email) {
        return Secrets.equal(token, token(key, subscriptionId, email));
    }

    private static String signature(String key, long subscriptionId, String email) {
        return Secrets.hmac(key, PURPOSE + "\n" + subscriptionId + "\n" + email);
    }
}
