package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import org.paperboy.community.AccountMail;
import org.paperboy.community.CommunityException;
import org.paperboy.community.Members;
import org.paperboy.community.User;

/**
 * {@code /settings}: a member's own account. Their address and whether it is confirmed, a new confirmation link,
 * another address (confirmed before it replaces the old one) and another password (which signs out every other
 * browser). Every change asks for the current password but a new link, so a browser left signed in is not enough.
 */
final class SettingsPages {

    private static final int MAX_PASSWORD_FIELD = 257;

    private final Members members;
    private final AccountMail accountMail;
    private final Auth auth;
    private final RateLimits rateLimits;

    SettingsPages(Members members, AccountMail accountMail, Auth auth, RateLimits rateLimits) {
        this.members = members;
        this.accountMail = accountMail;
        this.auth = auth;
        this.rateLimits = rateLimits;
    }

    void page(Context ctx) {
        User user = Auth.requireUser(ctx);
        String notice = switch (String.valueOf(ctx.queryParam("done"))) {
            case "password" -> "Your password is changed. Every other browser signed in to your account is signed out.";
            case "reset" -> "Your new password is set, and you are signed in. Every other browser is signed out.";
            default -> null;
        };
        render(ctx, user, notice, null);
    }

    /** Signs this browser in afresh after the change: a new session and CSRF token, all others ended. */
    void changePassword(Context ctx) {
        User user = Auth.requireUser(ctx);
        // The current password is asked for, so guesses at it count as login attempts.
        rateLimits.acquire(RateLimits.Action.LOG_IN_ACCOUNT, user.username());
        try {
            accountMail.changePassword(user, Params.formField(ctx, "current", MAX_PASSWORD_FIELD),
                    Params.formField(ctx, "password", MAX_PASSWORD_FIELD));
        } catch (CommunityException e) {
            refused(ctx, user, e);
            return;
        }
        auth.signIn(ctx, user);
        ctx.redirect("/settings?done=password", HttpStatus.SEE_OTHER);
    }

    void changeEmail(Context ctx) {
        User user = Auth.requireUser(ctx);
        rateLimits.acquire(RateLimits.Action.LOG_IN_ACCOUNT, user.username());
        rateLimits.acquire(RateLimits.Action.ACCOUNT_MAIL, user.username());
        String email = Params.formField(ctx, "email", 300).strip();
        try {
            accountMail.requestEmailChange(user, Params.formField(ctx, "current", MAX_PASSWORD_FIELD), email);
        } catch (CommunityException e) {
            refused(ctx, user, e);
            return;
        }
        render(ctx, user, "A link to confirm " + email + " is on its way there. Your account keeps "
                + (user.email() == null ? "no address" : user.email()) + " until you follow it.", null);
    }

    void resendVerification(Context ctx) {
        User user = Auth.requireUser(ctx);
        rateLimits.acquire(RateLimits.Action.ACCOUNT_MAIL, user.username());
        try {
            accountMail.sendVerification(user);
        } catch (CommunityException e) {
            refused(ctx, user, e);
            return;
        }
        render(ctx, user, "A new link to confirm " + user.email() + " is on its way there.", null);
    }

    private void refused(Context ctx, User user, CommunityException e) {
        WebServer.formRefused(ctx, e);
        render(ctx, user, null, e.getMessage());
    }

    private void render(Context ctx, User user, String notice, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("member", user);
        model.put("verified", members.verifiedEmail(user.id()).isPresent());
        model.put("mailEnabled", accountMail.mailEnabled());
        model.put("notice", notice);
        model.put("error", error);
        Pages.render(ctx, "settings.jte", model);
    }
}
