package org.paperboy.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.paperboy.app.Paperboy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: pages rendered on the server from precompiled jte templates, and a JSON API. Stopping it lets
 * requests in flight finish (up to {@link #STOP_TIMEOUT_MS}) before the store is closed.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    static final long STOP_TIMEOUT_MS = 10_000;
    /** Marks a response whose error page is already rendered, so the catch-all 404 handler leaves it alone. */
    private static final String ERROR_RENDERED = "paperboy.errorRendered";

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    /** Starts listening on the configured host and port (port 0 picks a free one). */
    public static WebServer start(Paperboy paperboy) {
        TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
        PaperPages pages = new PaperPages(paperboy.catalog(), paperboy.community(), paperboy::liveSearch);
        DailyPages daily = new DailyPages(paperboy.catalog(), paperboy.community());
        AtomFeeds feeds = new AtomFeeds(paperboy.catalog(), paperboy.community(), paperboy::liveSearch);
        SearchPages search = new SearchPages(paperboy.catalog(), paperboy.community(), paperboy::liveSearch,
                () -> semanticStatus(paperboy));
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = 1 << 20;
            config.jetty.host = paperboy.settings().httpHost();
            config.jetty.port = paperboy.settings().httpPort();
            config.jetty.threadPool = HttpThreads.pool();
            // gzip level 1, not Javalin's 6: 4x less CPU on an 87 kB daily page (0.7 vs 2.9 ms) for 16 % more bytes.
            config.http.compressionStrategy = new io.javalin.compression.CompressionStrategy(null,
                    new io.javalin.compression.Gzip(1));
            config.jetty.modifyServer(server -> {
                // Jetty 12 waits for requests in flight on stop only when a GracefulHandler is in the chain.
                server.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT_MS);
            });
            config.fileRenderer((template, model, ctx) -> render(templates, template, model));
            // Served under /static, where the pages link them (add(dir, location) alone would serve them at /).
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.routes.get("/", pages::recent);
            config.routes.get("/search", search::page);
            config.routes.get("/daily", daily::page);
            config.routes.get("/trending", daily::trending);
            config.routes.get("/api/daily_papers", daily::api);
            config.routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
            config.routes.get("/feeds/daily.atom", feeds::daily);
            config.routes.get("/feeds/trending.atom", feeds::trending);
            config.routes.get("/feeds/search.atom", ctx -> search.atom(ctx, feeds));
            config.routes.get("/papers/<id>", pages::paper);
            config.routes.get("/api/papers/search", search::api);
            config.routes.get("/api/papers/<id>/similar", search::similarApi);
            config.routes.get("/api/papers/<id>", pages::paperJson);
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok", "papers", paperboy.catalog().count(),
                    "semanticIndex", semanticStatus(paperboy))));
            config.routes.exception(HttpError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
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

    /** The API's description, a resource written by hand next to the code it describes. */
    private static String openApi() throws java.io.IOException {
        try (var in = WebServer.class.getResourceAsStream("/openapi.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** "semantic index: 4,300 / 10,000", or why there is none. */
    static String semanticStatus(Paperboy paperboy) {
        if (paperboy.loadedEmbeddings().isPresent()) {
            return paperboy.loadedEmbeddings().get().status().label();
        }
        return org.paperboy.embed.EmbeddingModels.spec(paperboy.settings()).isPresent()
                ? "semantic index: loading the embedding model" : "semantic search is off (embedding.provider=none)";
    }

    public int port() {
        return app.port();
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
            ctx.render("error.jte", Map.of("status", status.getCode(), "message", message));
        }
    }

    private static String render(TemplateEngine templates, String template, Map<String, ?> model) {
        StringOutput output = new StringOutput();
        // Copy to Map<String, Object>: with Map<String, ?> Java would pick the single-parameter render overload.
        templates.render(template, new java.util.HashMap<String, Object>(model), output);
        return output.toString();
    }
}
