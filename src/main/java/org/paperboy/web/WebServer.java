package org.paperboy.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.paperboy.app.Paperboy;
import org.paperboy.app.SiteMonitor;
import org.paperboy.catalog.Categories;
import org.paperboy.community.CommunityException;
import org.paperboy.community.PaperActivity;
import org.paperboy.community.PaperCollections;
import org.paperboy.config.Settings;
import org.paperboy.mail.OutboxStatus;
import org.paperboy.search.AuthorLookup;
import org.paperboy.storage.RateBuckets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: pages rendered on the server from precompiled jte templates, and a JSON API. Stopping it lets
 * requests in flight finish (up to {@link #STOP_TIMEOUT_MS}) before the store is closed.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    static final long STOP_TIMEOUT_MS = 10_000;
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    /** Marks a response whose error page is already rendered, so the catch-all 404 handler leaves it alone. */
    private static final String ERROR_RENDERED = "paperboy.errorRendered";

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    /** Starts listening on the configured host and port (port 0 picks a free one). */
    public static WebServer start(Paperboy paperboy) {
        PaperPages pages = new PaperPages(paperboy.catalog(), paperboy.feed(), paperboy.votes(), paperboy.comments(),
                new PaperActivity(paperboy.database()), paperboy::liveSearch);
        PaperItems items = new PaperItems(paperboy.catalog(), paperboy.votes(), paperboy.comments());
        boolean mailOn = paperboy.settings().mailEnabled();
        Categories categories = new Categories(paperboy.database());
        DailyPages daily = new DailyPages(paperboy.catalog(), paperboy.feed(), items, mailOn, categories,
                new AnonymousPages(paperboy.database()::changes));
        AtomFeeds feeds = new AtomFeeds(paperboy.catalog(), paperboy.feed(), paperboy::liveSearch,
                paperboy.settings().publicUrl());
        Auth auth = new Auth(paperboy.sessions(), paperboy.apiTokens());
        RateLimits rateLimits = new RateLimits(RateBuckets.of(paperboy.database()));
        SearchPages search = new SearchPages(paperboy.catalog(), paperboy.votes(), paperboy.comments(),
                paperboy::liveSearch, rateLimits,
                paperboy.settings().integer(Settings.Key.SEARCH_RATE_LIMIT), mailOn, categories);
        PaperCollections collectionStore = new PaperCollections(paperboy.database());
        CollectionPages collections = new CollectionPages(paperboy.catalog(), collectionStore, paperboy::liveSearch);
        AccountPages accounts = new AccountPages(paperboy.catalog(), paperboy.members(), paperboy.feed(), paperboy.votes(),
                items, paperboy.apiTokens(), auth, rateLimits, paperboy.accountMail(), collectionStore);
        SettingsPages settings = new SettingsPages(paperboy.members(), paperboy.accountMail(), auth, rateLimits);
        AccountLinkPages accountLinks = new AccountLinkPages(paperboy.accountMail(), auth, rateLimits);
        SubscriptionPages subscribing = new SubscriptionPages(paperboy.subscriptions(), mailOn, auth, rateLimits);
        MailSettingsPages mailSettings = new MailSettingsPages(paperboy.subscriptions(), paperboy.members(), mailOn);
        SiteMonitor monitor = new SiteMonitor(paperboy);
        AdminPages admin = new AdminPages(monitor, paperboy::scheduler,
                new OutboxStatus(paperboy.database(), paperboy.settings().mailEnabled()));
        HealthCheck health = new HealthCheck(monitor);
        AlertPages alerts = new AlertPages(paperboy.alerts(), paperboy.catalog(), paperboy.members(),
                paperboy.subscriptions(), mailOn, paperboy.settings().publicUrl());
        AuthorPages authors = new AuthorPages(paperboy.catalog(),
                () -> new AuthorLookup(paperboy.searchIndex()),
                () -> paperboy.searchIndex().appliedSeq() < paperboy.catalog().lastChangeSeq(),
                paperboy.alerts().follows(), items, alerts::startDigestOfMatches, Clock.systemUTC());
        CategoryPages categoryPages = new CategoryPages(paperboy.catalog(), paperboy.feed(), categories, items);
        CommunityPages actions = new CommunityPages(paperboy.catalog(), paperboy.feed(), paperboy.votes(),
                paperboy.comments(), paperboy::submissionRules, rateLimits, SubmissionFetch.open(paperboy));
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jetty.host = paperboy.settings().httpHost();
            config.jetty.port = paperboy.settings().httpPort();
            config.jetty.threadPool = HttpThreads.pool(paperboy.settings().httpThreads());
            // gzip level 1, not Javalin's 6: 4x less CPU on an 87 kB daily page (0.7 vs 2.9 ms) for 16 % more bytes.
            config.http.compressionStrategy = new io.javalin.compression.CompressionStrategy(null,
                    new io.javalin.compression.Gzip(1));
            config.jetty.modifyServer(server -> {
                // Jetty 12 waits for requests in flight on stop only when a GracefulHandler is in the chain.
                server.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT_MS);
                server.insertHandler(RequestBodies.handlers(MAX_REQUEST_BYTES,
                        paperboy.settings().integer(Settings.Key.HTTP_MIN_BODY_RATE)));
                server.insertHandler(new SecurityHeaders());
                server.setErrorHandler(SecurityHeaders.errorHandler());
            });
            if (paperboy.settings().behindProxy()) {
                // Client address and scheme from X-Forwarded-For/-Proto: rate limits per client, Secure cookies.
                config.jetty.modifyHttpConfiguration(http -> http.addCustomizer(
                        new TrustedProxies(paperboy.settings().trustedProxies())));
            }
            // Served under /static, where the pages link them (add(dir, location) alone would serve them at /).
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.routes.beforeMatched(auth::identify);
            get(config.routes, "/", pages::recent);
            get(config.routes, "/signup", accounts::signUpForm);
            config.routes.post("/signup", accounts::signUp);
            get(config.routes, "/login", accounts::logInForm);
            config.routes.post("/login", accounts::logIn);
            config.routes.post("/logout", accounts::logOut);
            get(config.routes, "/settings", settings::page);
            config.routes.post("/settings/password", settings::changePassword);
            config.routes.post("/settings/email", settings::changeEmail);
            config.routes.post("/settings/verify", settings::resendVerification);
            get(config.routes, "/account/verify", accountLinks::confirmAddressForm);
            config.routes.post("/account/verify", accountLinks::confirmAddress);
            get(config.routes, "/account/reset", accountLinks::resetRequestForm);
            config.routes.post("/account/reset", accountLinks::resetRequest);
            get(config.routes, "/account/reset/confirm", accountLinks::resetForm);
            config.routes.post("/account/reset/confirm", accountLinks::reset);
            get(config.routes, "/users/<username>", accounts::profile);
            config.routes.post("/users/<username>/tokens", accounts::createToken);
            config.routes.post("/users/<username>/role", accounts::changeRole);
            config.routes.post("/users/<username>/disable", accounts::setDisabled);
            config.routes.post("/users/<username>/tokens/<token>/revoke", accounts::revokeToken);
            get(config.routes, "/admin", admin::page);
            config.routes.post("/admin/jobs/<name>/run", admin::runJob);
            get(config.routes, "/submit", actions::submitForm);
            config.routes.post("/submit", actions::submit);
            config.routes.post("/papers/fetch", actions::fetchPaper);
            config.routes.post("/papers/<id>/upvote", actions::upvote);
            config.routes.post("/papers/<id>/comments", actions::comment);
            config.routes.post("/papers/<id>/remove", actions::removeSubmission);
            config.routes.post("/comments/<comment>/edit", actions::editComment);
            config.routes.post("/comments/<comment>/delete", actions::deleteComment);
            config.routes.post("/api/papers/submit", actions::submitApi);
            config.routes.post("/api/papers/<id>/upvote", actions::upvote);
            config.routes.put("/api/papers/<id>/upvote", actions::putUpvote);
            config.routes.delete("/api/papers/<id>/upvote", actions::deleteUpvote);
            get(config.routes, "/api/papers/<id>/comments", actions::commentsApi);
            config.routes.post("/api/papers/<id>/comments", actions::comment);
            get(config.routes, "/subscribe", subscribing::form);
            config.routes.post("/subscribe", subscribing::subscribe);
            get(config.routes, "/subscribe/confirm", subscribing::confirmForm);
            config.routes.post("/subscribe/confirm", subscribing::confirm);
            get(config.routes, "/unsubscribe/{token}", subscribing::unsubscribeForm);
            config.routes.post("/unsubscribe/{token}", subscribing::unsubscribe);
            get(config.routes, "/settings/mail", mailSettings::page);
            config.routes.post("/settings/mail", mailSettings::save);
            get(config.routes, "/search", search::page);
            get(config.routes, "/daily", daily::page);
            get(config.routes, "/trending", daily::trending);
            get(config.routes, "/api/daily_papers", daily::api);
            get(config.routes, "/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
            get(config.routes, "/feeds/daily.atom", feeds::daily);
            get(config.routes, "/feeds/trending.atom", feeds::trending);
            get(config.routes, "/feeds/search.atom", ctx -> search.atom(ctx, feeds));
            get(config.routes, "/alerts", alerts::page);
            config.routes.post("/alerts", alerts::create);
            config.routes.post("/alerts/feed/rotate", alerts::rotate);
            config.routes.post("/alerts/{alert}/edit", alerts::edit);
            config.routes.post("/alerts/{alert}/delete", alerts::delete);
            get(config.routes, "/feeds/alerts/{file}", ctx -> alerts.feed(ctx, feeds));
            get(config.routes, "/feeds/alerts/{secret}/{file}", ctx -> alerts.alertFeed(ctx, feeds));
            get(config.routes, "/collections", collections::mine);
            config.routes.post("/collections", collections::create);
            config.routes.post("/collections/save", collections::save);
            get(config.routes, "/collections/{id}", collections::collection);
            config.routes.post("/collections/{id}/rename", collections::rename);
            config.routes.post("/collections/{id}/visibility", collections::visibility);
            config.routes.post("/collections/{id}/remove", collections::remove);
            config.routes.post("/collections/{id}/delete", collections::delete);
            get(config.routes, "/api/collections", collections::mineApi);
            get(config.routes, "/api/collections/{id}", collections::collectionApi);
            config.routes.put("/api/collections/{id}/papers/<paper>", collections::saveApi);
            config.routes.delete("/api/collections/{id}/papers/<paper>", collections::removeApi);
            get(config.routes, "/authors/{name}", authors::page);
            get(config.routes, "/authors/{name}/feed.atom", ctx -> authors.feed(ctx, feeds));
            config.routes.post("/authors/{name}/follow", authors::follow);
            config.routes.post("/authors/{name}/unfollow", authors::unfollow);
            get(config.routes, "/categories/{code}", categoryPages::page);
            get(config.routes, "/categories/{code}/feed.atom", ctx -> categoryPages.feed(ctx, feeds));
            get(config.routes, "/papers/<id>", pages::paper);
            get(config.routes, "/api/papers/search", search::api);
            get(config.routes, "/api/papers/<id>/similar", search::similarApi);
            get(config.routes, "/api/papers/<id>", pages::paperJson);
            // 503 until the server has warmed up (see Paperboy.warmUp), so load balancers and scripts wait for "ok";
            // 503 too while the index is stalled (it serves ever older results while new papers pile up) and while
            // the harvest is stale (no new papers arrive).
            get(config.routes, "/healthz", health::handle);
            config.routes.exception(HttpError.class, (e, ctx) -> {
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                error(ctx, e.status(), e.getMessage());
            });
            config.routes.exception(CommunityException.class, (e, ctx) -> error(ctx, status(e), e.getMessage()));
            config.routes.exception(org.paperboy.community.MailTokens.Refused.class,
                    (e, ctx) -> error(ctx, AccountLinkPages.status(e), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("request failed: {} {}", ctx.method(), ctx.path(), e);
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "something went wrong on our side; it has been logged");
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute(ERROR_RENDERED) == null) {
                    error(ctx, HttpStatus.NOT_FOUND, "no page at " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> error(ctx, HttpStatus.METHOD_NOT_ALLOWED,
                    ctx.method() + " is not allowed on " + ctx.path()));
        });
        app.start();
        log.atInfo().addKeyValue("url", "http://" + paperboy.settings().httpHost() + ":" + app.port() + "/").log("web server started");
        return new WebServer(app);
    }

    /**
     * A GET route that also answers HEAD, with the same status and headers and no body (Jetty drops it): link
     * checkers and feed readers ask with HEAD, and Javalin answers it only where a route says so.
     */
    private static void get(io.javalin.config.RoutesConfig routes, String path, io.javalin.http.Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }

    /** The API's description, a resource written by hand next to the code it describes. */
    private static String openApi() throws java.io.IOException {
        try (var in = WebServer.class.getResourceAsStream("/openapi.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public int port() {
        return app.port();
    }

    /**
     * Loads this server's busiest pages over loopback until they are fast, for at most {@code http.warmup-seconds}
     * (see {@link PageWarmup}); for the time before {@code /healthz} says ready. Returns what it did.
     */
    public PageWarmup.Result warmUp(Paperboy paperboy) {
        Duration bound = paperboy.settings().seconds(Settings.Key.HTTP_WARMUP_SECONDS);
        if (bound.isZero() || paperboy.closing()) {
            return new PageWarmup.Result(0, Duration.ZERO, false);
        }
        String host = paperboy.settings().httpHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        PageWarmup warmup = new PageWarmup(URI.create("http://" + host + ":" + port() + "/"),
                PageWarmup.busiestPages(paperboy.catalog()), PageWarmup.searches(),
                8 * Runtime.getRuntime().availableProcessors());
        PageWarmup.Result result = warmup.run(bound, paperboy::closing);
        log.atInfo().addKeyValue("requests", result.requests()).addKeyValue("ms", result.took().toMillis())
                .addKeyValue("settled", result.settled()).log("pages warmed up");
        return result;
    }

    /** Stops accepting connections and waits for requests in flight to finish. */
    @Override
    public void close() {
        app.stop();
        log.info("web server stopped");
    }

    /** Errors are JSON under {@code /api/}, a page elsewhere. */
    static void error(Context ctx, HttpStatus status, String message) {
        ctx.attribute(ERROR_RENDERED, true);
        ctx.status(status);
        if (ctx.path().startsWith("/api/")) {
            ctx.json(Map.of("error", message));
        } else {
            // The page is written straight to the response; a text Javalin set as the result (its own "Endpoint GET
            // /x not found") would otherwise follow it.
            ctx.result(new byte[0]);
            Pages.render(ctx, "error.jte", Map.of("status", status.getCode(), "message", message));
        }
    }

    /**
     * Answers a form that broke a rule with the status for it; the handler then shows the form again with the
     * message, which the catch-all error pages must leave alone.
     */
    static void formRefused(Context ctx, CommunityException e) {
        formRefused(ctx, status(e));
    }

    /** As {@link #formRefused(Context, CommunityException)}, for a refusal that is no rule's (arXiv did not answer). */
    static void formRefused(Context ctx, HttpStatus status) {
        ctx.attribute(ERROR_RENDERED, true);
        ctx.status(status);
    }

    /** The status for a rule the community's store refused. */
    static HttpStatus status(CommunityException e) {
        return switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
        };
    }
}
