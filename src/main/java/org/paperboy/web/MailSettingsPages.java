package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.paperboy.community.User;
import org.paperboy.subscription.Preferences;
import org.paperboy.subscription.Subscription;
import org.paperboy.subscription.Subscriptions;

/**
 * {@code /settings/mail}: a signed-in member's digest, at their account's address: how often, what in it, or none.
 * An address the site has not verified gets its digest only once its owner follows a confirmation link, as any
 * visitor's would; a verified one is subscribed at once. A member sees and changes only a subscription that is
 * theirs (confirmed through a link they asked for here, or at a verified address): anyone can put any address on an
 * account, and must learn nothing of, and change nothing in, someone else's subscription.
 */
final class MailSettingsPages {

    /** The address a member's mail goes to, and whether the site has verified that the member receives it. */
    record MailableAddress(String address, boolean verified) {}

    private final Subscriptions subscriptions;
    private final org.paperboy.community.Members members;
    private final boolean mailOn;

    MailSettingsPages(Subscriptions subscriptions, org.paperboy.community.Members members, boolean mailOn) {
        this.subscriptions = subscriptions;
        this.members = members;
        this.mailOn = mailOn;
    }

    /**
     * The member's address for digests: a confirmed one subscribes at once; one not confirmed yet goes through the
     * subscription's own confirmation link.
     */
    private Optional<MailableAddress> mailableAddress(User user) {
        Optional<String> verified = members.verifiedEmail(user.id());
        if (verified.isPresent()) {
            return verified.map(email -> new MailableAddress(email, true));
        }
        return Optional.ofNullable(user.email()).filter(email -> !email.isBlank())
                .map(email -> new MailableAddress(email, false));
    }

    void page(Context ctx) {
        render(ctx, Auth.requireUser(ctx), null, null);
    }

    /** {@code POST /settings/mail}: {@code action=save} with the preferences, or {@code action=unsubscribe}. */
    void save(Context ctx) {
        User user = Auth.requireUser(ctx);
        MailableAddress address = mailableAddress(user).orElseThrow(() -> HttpError.badRequest(
                "your account has no e-mail address to send digests to"));
        Optional<Subscription> current = own(user, address);
        if ("unsubscribe".equals(ctx.formParam("action"))) {
            current.ifPresent(s -> subscriptions.unsubscribe(s.id()));
            render(ctx, user, "Unsubscribed: no more digests to " + address.address() + ".", null);
            return;
        }
        Preferences preferences;
        try {
            preferences = SubscriptionPages.preferences(Params.formField(ctx, "frequency", 10),
                    ctx.formParam("community_picks") != null, Params.formField(ctx, "categories", 1_000),
                    ctx.formParam("alert_matches") != null);
        } catch (IllegalArgumentException e) {
            WebServer.formRefused(ctx, HttpStatus.BAD_REQUEST);
            render(ctx, user, null, e.getMessage());
            return;
        }
        if (current.isPresent() && current.get().confirmed()) {
            subscriptions.update(current.get().id(), preferences, user.id());
            render(ctx, user, "Saved.", null);
        } else if (address.verified()) {
            subscriptions.subscribeVerified(address.address(), preferences, user.id());
            render(ctx, user, "Subscribed: the digest will come to " + address.address() + ".", null);
        } else if (!mailOn) {
            throw new HttpError(HttpStatus.SERVICE_UNAVAILABLE, "mail is off on this site: it sends no digests");
        } else {
            subscriptions.request(address.address(), preferences, user.id());
            render(ctx, user, "A confirmation link is on its way to " + address.address()
                    + ": follow it to start the digest.", null);
        }
    }

    /** The subscription of the member's address, if it is the member's. */
    private Optional<Subscription> own(User user, MailableAddress address) {
        return subscriptions.find(address.address())
                .filter(s -> address.verified() || s.userId() != null && s.userId() == user.id());
    }

    private void render(Context ctx, User user, String notice, String error) {
        Optional<MailableAddress> address = mailableAddress(user);
        Optional<Subscription> subscription = address.flatMap(a -> own(user, a));
        Map<String, Object> model = new HashMap<>();
        model.put("address", address.map(MailableAddress::address).orElse(null));
        model.put("subscription", subscription.orElse(null));
        model.put("notice", notice);
        model.put("error", error);
        model.put("mailOn", mailOn);
        Pages.render(ctx, "settings-mail.jte", model);
    }
}
