package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.paperboy.community.AccountMail;
import org.paperboy.community.CommunityException;
import org.paperboy.community.MailTokens;
import org.paperboy.community.MailTokens.Purpose;
import org.paperboy.community.User;

/**
 * The pages that links in account mail lead to (confirming an address, choosing a new password) and the form that
 * asks for a reset link. A link's GET only shows a page whose button POSTs: mail scanners and link previews fetch
 * the links in a mail, and must not spend a single-use link or confirm an address nobody read.
 */
final class AccountLinkPages {

    private static final int MAX_TOKEN = 100;

    private final AccountMail accountMail;
    private final Auth auth;
    private final RateLimits rateLimits;

    AccountLinkPages(AccountMail accountMail, Auth auth, RateLimits rateLimits) {
        this.accountMail = accountMail;
        this.auth = auth;
        this.rateLimits = rateLimits;
    }

    /** {@code GET /account/verify?token=}: which address the link confirms, and the button that does it. */
    void confirmAddressForm(Context ctx) {
        String token = token(ctx.queryParam("token"));
        MailTokens.Token found = accountMail.tokens().check(token, Set.of(Purpose.VERIFY_EMAIL, Purpose.CHANGE_EMAIL));
        Map<String, Object> model = new HashMap<>();
        model.put("viewer", auth.withAnonymousCsrf(ctx));
        model.put("token", token);
        model.put("email", found.email());
        Pages.render(ctx, "confirm-address.jte", model);
    }

    void confirmAddress(Context ctx) {
        AccountMail.Confirmed confirmed = accountMail.confirmAddress(token(Params.formField(ctx, "token", MAX_TOKEN)));
        boolean signedIn = Auth.viewer(ctx).signedIn();
        message(ctx, "Address confirmed", confirmed.email() + " is now the confirmed address of the account "
                + confirmed.username() + ".", signedIn ? "/settings" : "/login", signedIn ? "Your settings" : "Log in");
    }

    /** {@code GET /account/reset}: the form that asks for a reset link, or why there is none. */
    void resetRequestForm(Context ctx) {
        renderResetRequest(ctx, null, null);
    }

    /**
     * Answers the same for an address no account has as for one an account has (and the work differs by a lookup
     * and an insert), so that the form does not tell who is registered.
     */
    void resetRequest(Context ctx) {
        if (!accountMail.mailEnabled()) {
            renderResetRequest(ctx, null, null);
            return;
        }
        rateLimits.acquire(RateLimits.Action.RESET_PASSWORD, ctx.ip());
        String email = Params.formField(ctx, "email", 300).strip();
        rateLimits.acquire(RateLimits.Action.RESET_PASSWORD_ADDRESS, email.toLowerCase(Locale.ROOT));
        try {
            accountMail.requestPasswordReset(email);
            renderResetRequest(ctx, email, null);
        } catch (CommunityException e) {
            WebServer.formRefused(ctx, e);
            renderResetRequest(ctx, null, e.getMessage());
        }
    }

    private void renderResetRequest(Context ctx, String sentTo, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("viewer", auth.withAnonymousCsrf(ctx));
        model.put("mailEnabled", accountMail.mailEnabled());
        model.put("sentTo", sentTo);
        model.put("error", error);
        Pages.render(ctx, "reset-request.jte", model);
    }

    /** {@code GET /account/reset/confirm?token=}: the form for a new password, if the link still works. */
    void resetForm(Context ctx) {
        String token = token(ctx.queryParam("token"));
        accountMail.tokens().check(token, Set.of(Purpose.RESET_PASSWORD));
        renderReset(ctx, token, null);
    }

    /** Sets the new password, which ends every session of the member, and signs this browser in afresh. */
    void reset(Context ctx) {
        String token = token(Params.formField(ctx, "token", MAX_TOKEN));
        try {
            User user = accountMail.resetPassword(token, Params.formField(ctx, "password", 257));
            auth.signIn(ctx, user);
            ctx.redirect("/settings?done=reset", HttpStatus.SEE_OTHER);
        } catch (CommunityException e) {
            WebServer.formRefused(ctx, e);
            renderReset(ctx, token, e.getMessage());
        }
    }

    private void renderReset(Context ctx, String token, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("viewer", auth.withAnonymousCsrf(ctx));
        model.put("token", token);
        model.put("error", error);
        Pages.render(ctx, "reset-password.jte", model);
    }

    /** The status of a link that does not work: gone when it did once, not found when it never did. */
    static HttpStatus status(MailTokens.Refused refused) {
        return switch (refused.reason()) {
            case USED, EXPIRED -> HttpStatus.GONE;
            case STALE -> HttpStatus.CONFLICT;
            case UNKNOWN -> HttpStatus.NOT_FOUND;
        };
    }

    private static void message(Context ctx, String title, String message, String link, String linkText) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("message", message);
        model.put("link", link);
        model.put("linkText", linkText);
        Pages.render(ctx, "account-message.jte", model);
    }

    private static String token(String value) {
        if (value == null || value.isBlank()) {
            throw HttpError.badRequest("the link has no token; copy all of it from the mail");
        }
        if (value.length() > MAX_TOKEN) {
            throw HttpError.badRequest("the token is too long; copy the link from the mail as it is");
        }
        return value.strip();
    }
}
