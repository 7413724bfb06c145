package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.paperboy.subscription.Frequency;
import org.paperboy.subscription.Preferences;
import org.paperboy.subscription.Subscription;
import org.paperboy.subscription.Subscriptions;

/**
 * Subscribing to the digests, confirming, and unsubscribing.
 *
 * <p>{@code POST /subscribe} answers the same page whatever the address (new, pending, confirmed or unsubscribed):
 * the mail that follows differs, the answer never does, so the form cannot tell who subscribes. It needs no CSRF
 * token (the daily, trending and search pages carry its form without one, and stay cacheable): a forged request
 * can only do what anyone can do by typing the address, send a confirmation link to it; requests from other sites'
 * pages are refused all the same.
 *
 * <p>The confirmation link ({@code GET /subscribe/confirm?token=}) shows a button, and only the button's POST
 * confirms: mail scanners and link previews fetch the links of a message, and a GET that confirmed would subscribe
 * every address whose mail is scanned, which is what double opt-in is there to prevent.
 *
 * <p>{@code POST /unsubscribe/TOKEN} is RFC 8058's one-click unsubscribe: no cookies, no CSRF token (mailbox
 * providers post {@code List-Unsubscribe=One-Click} from their servers), answered 200 with a short page, never a
 * redirect. {@code GET} on the same link shows a button that posts it, and never unsubscribes by itself.
 */
final class SubscriptionPages {

    private static final String SUBSCRIBE = "/subscribe";
    private static final String UNSUBSCRIBE = "/unsubscribe/";
    private static final int MAX_CATEGORIES_FIELD = 1_000;

    private final Subscriptions subscriptions;
    private final boolean mailOn;
    private final Auth auth;
    private final RateLimits rateLimits;

    SubscriptionPages(Subscriptions subscriptions, boolean mailOn, Auth auth, RateLimits rateLimits) {
        this.subscriptions = subscriptions;
        this.mailOn = mailOn;
        this.auth = auth;
        this.rateLimits = rateLimits;
    }

    static boolean isSubscribeForm(Context ctx) {
        return ctx.path().equals(SUBSCRIBE);
    }

    static boolean isOneClickUnsubscribe(Context ctx) {
        return ctx.path().startsWith(UNSUBSCRIBE);
    }

    /** {@code GET /subscribe}: the whole form, with the arXiv categories to choose. */
    void form(Context ctx) {
        renderForm(ctx, null, "", "daily", true, "");
    }

    /** {@code POST /subscribe}: email, frequency, community_picks, categories. */
    void subscribe(Context ctx) {
        String email = Params.formField(ctx, "email", Subscriptions.MAX_EMAIL + 10);
        String frequency = Params.formField(ctx, "frequency", 10);
        boolean picks = ctx.formParam("community_picks") != null;
        String categories = Params.formField(ctx, "categories", MAX_CATEGORIES_FIELD);
        if (!mailOn) {
            throw new HttpError(HttpStatus.SERVICE_UNAVAILABLE, "mail is off on this site: it sends no digests");
        }
        rateLimits.acquire(RateLimits.Action.SUBSCRIBE, ctx.ip());
        String address;
        Preferences preferences;
        try {
            address = Subscriptions.normalizeEmail(email);
            preferences = preferences(frequency, picks, categories);
        } catch (IllegalArgumentException e) {
            WebServer.formRefused(ctx, HttpStatus.BAD_REQUEST);
            renderForm(ctx, e.getMessage(), email, frequency, picks, categories);
            return;
        }
        rateLimits.acquire(RateLimits.Action.SUBSCRIBE_ADDRESS, address);
        subscriptions.request(address, preferences, null);
        // the same words for every address: nothing here says whether it was known, or subscribed already
        message(ctx, "Check your inbox", "If the address can receive mail, a message is on its way to it. "
                + "Follow the link in it to confirm the subscription; until then nothing else is sent.");
    }

    static Preferences preferences(String frequency, boolean picks, String categories) {
        return preferences(frequency, picks, categories, false);
    }

    /** As {@link #preferences(String, boolean, String)}, for a member, who may ask for their alerts' matches too. */
    static Preferences preferences(String frequency, boolean picks, String categories, boolean alertMatches) {
        Frequency chosen = Frequency.parse(frequency.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("choose daily or weekly"));
        return Preferences.of(chosen, picks, categories, alertMatches);
    }

    /** {@code GET /subscribe/confirm?token=}: a button that confirms; fetching the link changes nothing. */
    void confirmForm(Context ctx) {
        String token = Optional.ofNullable(ctx.queryParam("token")).orElse("");
        Subscription pending = subscriptions.pending(token).orElseThrow(SubscriptionPages::linkExpired);
        Map<String, Object> model = new HashMap<>();
        model.put("viewer", auth.withAnonymousCsrf(ctx));
        model.put("heading", "Confirm your subscription");
        model.put("message", "Press the button to get the " + pending.frequency().label() + " digest at "
                + pending.email() + ".");
        model.put("action", "/subscribe/confirm");
        model.put("fieldName", "token");
        model.put("fieldValue", token);
        model.put("button", "Confirm the subscription");
        Pages.render(ctx, "subscription-message.jte", model);
    }

    /** {@code POST /subscribe/confirm} with the link's token. */
    void confirm(Context ctx) {
        Subscription confirmed = subscriptions.confirm(Params.formField(ctx, "token", 100))
                .orElseThrow(SubscriptionPages::linkExpired);
        message(ctx, "You are subscribed", "The " + confirmed.frequency().label() + " digest will come to "
                + confirmed.email() + ". Each one has a link to unsubscribe.");
    }

    private static HttpError linkExpired() {
        return HttpError.notFound("this confirmation link has expired or has been used already; to subscribe, "
                + "fill in the form again");
    }

    /** {@code GET /unsubscribe/TOKEN}: a button that unsubscribes. */
    void unsubscribeForm(Context ctx) {
        String token = ctx.pathParam("token");
        Subscription subscription = byToken(token);
        Map<String, Object> model = new HashMap<>();
        model.put("heading", "Unsubscribe");
        model.put("message", subscription.confirmed() ? "Press the button to stop the digests to "
                + subscription.email() + "." : subscription.email() + " gets no digests.");
        if (subscription.confirmed()) {
            model.put("action", UNSUBSCRIBE + token);
            model.put("fieldName", "List-Unsubscribe");
            model.put("fieldValue", "One-Click");
            model.put("button", "Unsubscribe");
        }
        Pages.render(ctx, "subscription-message.jte", model);
    }

    /** {@code POST /unsubscribe/TOKEN}, from the button or a mailbox provider's one click: 200, never a redirect. */
    void unsubscribe(Context ctx) {
        Subscription subscription = byToken(ctx.pathParam("token"));
        subscriptions.unsubscribe(subscription.id());
        message(ctx, "You are unsubscribed", "No more digests will be sent to " + subscription.email() + ".");
    }

    private Subscription byToken(String token) {
        return subscriptions.byUnsubscribeToken(token).orElseThrow(() -> new HttpError(HttpStatus.NOT_FOUND,
                "this unsubscribe link is not valid: it may have been cut short or changed; use the link of the "
                        + "latest digest as it is"));
    }

    private void renderForm(Context ctx, String error, String email, String frequency, boolean picks,
            String categories) {
        Map<String, Object> model = new HashMap<>();
        model.put("error", error);
        model.put("email", email);
        model.put("frequency", frequency);
        model.put("communityPicks", picks);
        model.put("categories", categories);
        model.put("mailOn", mailOn);
        Pages.render(ctx, "subscribe.jte", model);
    }

    private static void message(Context ctx, String heading, String message) {
        Pages.render(ctx, "subscription-message.jte", Map.of("heading", heading, "message", message));
    }
}
