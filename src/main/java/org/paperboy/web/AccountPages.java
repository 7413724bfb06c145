package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paperboy.catalog.Catalog;
import org.paperboy.community.AccountMail;
import org.paperboy.community.ApiTokens;
import org.paperboy.community.CommunityException;
import org.paperboy.community.Feed;
import org.paperboy.community.FeedOrder;
import org.paperboy.community.Members;
import org.paperboy.community.PaperCollections;
import org.paperboy.community.Role;
import org.paperboy.community.User;
import org.paperboy.community.Votes;

/** Signing up, logging in and out, members' profile pages and their API tokens. */
final class AccountPages {

    private static final int PROFILE_LIST_SIZE = 100;
    private static final int MAX_PASSWORD = 256;

    private final Catalog catalog;
    private final Members members;
    private final Feed feed;
    private final Votes votes;
    private final ApiTokens apiTokens;
    private final Auth auth;
    private final RateLimits rateLimits;
    private final PaperItems items;
    private final AccountMail accountMail;

    private final PaperCollections collections;

    AccountPages(Catalog catalog, Members members, Feed feed, Votes votes, PaperItems items, ApiTokens apiTokens,
            Auth auth, RateLimits rateLimits, AccountMail accountMail, PaperCollections collections) {
        this.catalog = catalog;
        this.members = members;
        this.feed = feed;
        this.votes = votes;
        this.items = items;
        this.apiTokens = apiTokens;
        this.auth = auth;
        this.rateLimits = rateLimits;
        this.accountMail = accountMail;
        this.collections = collections;
    }

    void signUpForm(Context ctx) {
        renderSignUp(ctx, null, "", "", "");
    }

    void signUp(Context ctx) {
        rateLimits.acquire(RateLimits.Action.SIGN_UP, ctx.ip());
        String username = Params.formField(ctx, "username", 64);
        String displayName = Params.formField(ctx, "display_name", 200);
        String email = Params.formField(ctx, "email", 300);
        try {
            User user = members.signUp(username, displayName, email, Params.formField(ctx, "password", MAX_PASSWORD + 1));
            auth.signIn(ctx, user);
            accountMail.signedUp(user, email);
            ctx.redirect("/daily", HttpStatus.SEE_OTHER);
        } catch (CommunityException e) {
            WebServer.formRefused(ctx, e);
            renderSignUp(ctx, e.getMessage(), username, displayName, email);
        }
    }

    private void renderSignUp(Context ctx, String error, String username, String displayName, String email) {
        Map<String, Object> model = new HashMap<>();
        model.put("viewer", auth.withAnonymousCsrf(ctx));
        model.put("error", error);
        model.put("username", username);
        model.put("displayName", displayName);
        model.put("email", email);
        model.put("mailEnabled", accountMail.mailEnabled());
        Pages.render(ctx, "signup.jte", model);
    }

    void logInForm(Context ctx) {
        renderLogIn(ctx, null, "", Params.localPath(ctx.queryParam("next")));
    }

    void logIn(Context ctx) {
        rateLimits.acquire(RateLimits.Action.LOG_IN, ctx.ip());
        String username = Params.formField(ctx, "username", 64).strip().toLowerCase(java.util.Locale.ROOT);
        rateLimits.acquire(RateLimits.Action.LOG_IN_ACCOUNT, username);
        String password = Params.formField(ctx, "password", MAX_PASSWORD);
        String next = Params.localPath(ctx.formParam("next"));
        var user = members.authenticate(username, password);
        if (user.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED);
            renderLogIn(ctx, "wrong username or password", username, next);
            return;
        }
        auth.signIn(ctx, user.get());
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void renderLogIn(Context ctx, String error, String username, String next) {
        Map<String, Object> model = new HashMap<>();
        model.put("viewer", auth.withAnonymousCsrf(ctx));
        model.put("error", error);
        model.put("username", username);
        model.put("next", next);
        Pages.render(ctx, "login.jte", model);
    }

    void logOut(Context ctx) {
        auth.signOut(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** {@code GET /users/{username}}: what a member submitted and upvoted; their own API tokens to themselves. */
    void profile(Context ctx) {
        renderProfile(ctx, member(ctx), null);
    }

    void createToken(Context ctx) {
        User owner = ownProfile(ctx);
        renderProfile(ctx, owner, apiTokens.create(owner, Params.formField(ctx, "name", 200)));
    }

    void revokeToken(Context ctx) {
        User owner = ownProfile(ctx);
        String id = ctx.pathParam("token");
        if (!id.matches("\\d{1,18}")) {
            throw HttpError.notFound("there is no token " + Text.abbreviate(id, 40));
        }
        apiTokens.revoke(owner, Long.parseLong(id));
        ctx.redirect("/users/" + owner.username() + "#api-tokens", HttpStatus.SEE_OTHER);
    }

    /** {@code POST /users/{username}/role}: an admin makes a member a curator, an admin, or a member again. */
    void changeRole(Context ctx) {
        User admin = Auth.requireUser(ctx);
        User member = member(ctx);
        Role role = Role.parse(ctx.formParam("role"))
                .orElseThrow(() -> HttpError.badRequest("role must be member, curator or admin"));
        members.changeRole(admin, member, role);
        ctx.redirect("/users/" + member.username(), HttpStatus.SEE_OTHER);
    }

    /** {@code POST /users/{username}/disable} with {@code disabled=true|false}: an admin locks an account, or unlocks it. */
    void setDisabled(Context ctx) {
        User admin = Auth.requireUser(ctx);
        User member = member(ctx);
        String disabled = ctx.formParam("disabled");
        if (!"true".equals(disabled) && !"false".equals(disabled)) {
            throw HttpError.badRequest("disabled must be true or false");
        }
        members.setDisabled(admin, member, Boolean.parseBoolean(disabled));
        ctx.redirect("/users/" + member.username(), HttpStatus.SEE_OTHER);
    }

    private void renderProfile(Context ctx, User member, ApiTokens.NewToken newToken) {
        Viewer viewer = Auth.viewer(ctx);
        LocalDate always = LocalDate.of(1, 1, 1);
        Map<String, Object> model = new HashMap<>();
        model.put("member", member);
        model.put("submissions", items.ofEntries(feed.page(always, LocalDate.of(9999, 12, 31), member.username(),
                FeedOrder.PUBLISHED, PROFILE_LIST_SIZE, 0), viewer));
        model.put("upvoted", items.ofPapers(votes.upvotedBy(member.id(), PROFILE_LIST_SIZE).stream()
                .flatMap(id -> catalog.find(id).stream()).toList(), viewer));
        model.put("tokens", viewer.is(member.id()) ? apiTokens.list(member) : List.of());
        model.put("newToken", newToken);
        model.put("disabled", viewer.signedIn() && viewer.user().role().canManageMembers() && members.isDisabled(member));
        // An admin's own profile links to the admin page (the site's status).
        model.put("adminLink", viewer.is(member.id()) && member.role().canManageMembers());
        model.put("collections", collections.publicOf(member.id()));
        Pages.render(ctx, "profile.jte", model);
    }

    private User member(Context ctx) {
        String username = ctx.pathParam("username");
        return members.findUser(username)
                .orElseThrow(() -> HttpError.notFound("there is no member '" + Text.abbreviate(username, 40) + "'"));
    }

    /** The profile in the path, which must be the signed-in member's own. */
    private User ownProfile(Context ctx) {
        User user = Auth.requireUser(ctx);
        if (!user.username().equals(ctx.pathParam("username"))) {
            throw new HttpError(HttpStatus.FORBIDDEN, "you can only manage your own API tokens");
        }
        return user;
    }
}
