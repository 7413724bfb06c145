package org.paperboy.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.RedirectResponse;
import io.javalin.http.SameSite;
import java.util.Optional;
import org.paperboy.community.ApiTokens;
import org.paperboy.community.Secrets;
import org.paperboy.community.Sessions;
import org.paperboy.community.User;

/**
 * Who sent a request, and whether a state change may go ahead. Browsers carry a session cookie (HttpOnly, SameSite,
 * Secure over https); every form they post must carry the session's CSRF token. Before signing in, the forms carry a
 * random token that must match a cookie of the same value (OWASP's double-submit cookie). API clients send a bearer
 * token instead, which no other site can make a browser send, so they need no CSRF token.
 */
final class Auth {

    static final String SESSION_COOKIE = "paperboy_session";
    static final String ANONYMOUS_CSRF_COOKIE = "paperboy_csrf";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String VIEWER = "paperboy.viewer";
    private static final String BEARER = "paperboy.bearer";

    private final Sessions sessions;
    private final ApiTokens apiTokens;

    Auth(Sessions sessions, ApiTokens apiTokens) {
        this.sessions = sessions;
        this.apiTokens = apiTokens;
    }

    /** Before every matched route: works out the {@link Viewer} and checks CSRF on state changes. */
    void identify(Context ctx) {
        String here = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            User user = apiTokens.authenticate(authorization.substring(7).strip())
                    .orElseThrow(() -> new HttpError(HttpStatus.UNAUTHORIZED, "the API token is unknown or revoked; "
                            + "create one on your profile page"));
            ctx.attribute(BEARER, true);
            ctx.attribute(VIEWER, new Viewer(user, null, here));
            return;
        }
        Optional<Sessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        Viewer viewer = session.map(s -> new Viewer(s.user(), s.csrfToken(), here))
                .orElseGet(() -> new Viewer(null, ctx.cookie(ANONYMOUS_CSRF_COOKIE), here));
        ctx.attribute(VIEWER, viewer);
        // Only a request that carries a session (or, to the sign-up and login forms, any request) can be forged; an
        // API call without credentials is refused by the route itself, with a 401.
        boolean forgeable = viewer.signedIn() || !ctx.path().startsWith("/api/");
        if (changesState(ctx) && forgeable) {
            if (SubscriptionPages.isOneClickUnsubscribe(ctx)) {
                return; // mailbox providers post it with no cookies, from anywhere; its token is its authority
            }
            if (SubscriptionPages.isSubscribeForm(ctx)) {
                refuseCrossSite(ctx);
                return;
            }
            checkCsrf(ctx, viewer);
        }
    }

    private static boolean changesState(Context ctx) {
        return switch (ctx.method().name()) {
            case "GET", "HEAD", "OPTIONS" -> false;
            default -> true;
        };
    }

    private static void checkCsrf(Context ctx, Viewer viewer) {
        String sent = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElseGet(() -> formField(ctx, CSRF_FIELD));
        refuseCrossSite(ctx);
        if (!Secrets.equal(sent, viewer.csrf())) {
            throw formExpired();
        }
    }

    private static void refuseCrossSite(Context ctx) {
        if ("cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
            throw formExpired();
        }
    }

    private static HttpError formExpired() {
        return new HttpError(HttpStatus.FORBIDDEN, "this form has expired or came from another site; go back, "
                + "reload the page and try again");
    }

    /** A form field, or null when the body is not a form (a JSON API call). */
    private static String formField(Context ctx, String name) {
        String type = ctx.contentType();
        return type != null && type.startsWith("application/x-www-form-urlencoded") ? ctx.formParam(name) : null;
    }

    static Viewer viewer(Context ctx) {
        Viewer viewer = ctx.attribute(VIEWER);
        return viewer != null ? viewer : new Viewer(null, null, ctx.path());
    }

    /** The signed-in member; pages send anonymous visitors to the login form, the API answers 401. */
    static User requireUser(Context ctx) {
        User user = viewer(ctx).user();
        if (user != null) {
            return user;
        }
        if (ctx.path().startsWith("/api/")) {
            throw new HttpError(HttpStatus.UNAUTHORIZED, "sign in, or send an API token as 'Authorization: Bearer pb_...'");
        }
        String back = "GET".equals(ctx.method().name()) ? viewer(ctx).here() : "/";
        ctx.header("Location", "/login?next=" + Text.url(back));
        throw new RedirectResponse(HttpStatus.SEE_OTHER, "sign in first");
    }

    /** A CSRF token for the sign-up and login forms of a visitor who has no session yet. */
    Viewer withAnonymousCsrf(Context ctx) {
        Viewer viewer = viewer(ctx);
        if (viewer.csrf() != null) {
            return viewer;
        }
        String token = Secrets.random();
        ctx.cookie(cookie(ctx, ANONYMOUS_CSRF_COOKIE, token, -1));
        Viewer withToken = new Viewer(null, token, viewer.here());
        ctx.attribute(VIEWER, withToken);
        return withToken;
    }

    void signIn(Context ctx, User user) {
        Sessions.Session session = sessions.start(user);
        ctx.cookie(cookie(ctx, SESSION_COOKIE, session.token(), (int) Sessions.LIFETIME.toSeconds()));
        ctx.removeCookie(ANONYMOUS_CSRF_COOKIE, "/");
    }

    void signOut(Context ctx) {
        String token = ctx.cookie(SESSION_COOKIE);
        if (token != null) {
            sessions.end(token);
        }
        ctx.removeCookie(SESSION_COOKIE, "/");
    }

    /**
     * HttpOnly (scripts cannot read it), SameSite=Lax (other sites' forms and scripts cannot send it; links to us
     * still arrive signed in), Secure when the request came over https (directly, or through a proxy that says so).
     */
    private static Cookie cookie(Context ctx, String name, String value, int maxAgeSeconds) {
        return new Cookie(name, value, "/", maxAgeSeconds, "https".equals(ctx.scheme()), true, null, SameSite.LAX);
    }
}
