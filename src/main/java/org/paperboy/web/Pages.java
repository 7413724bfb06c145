package org.paperboy.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every page: a precompiled jte template, given the {@link Viewer} (for the header and the page's forms)
 * unless the model names one, written to UTF-8 bytes ({@link PageBuffer}) and from there to the response. Going
 * through a {@code String} instead (as {@code ctx.render} does) builds it in a growing {@code StringBuilder},
 * inflated to two bytes a character by the first non-Latin-1 character of an abstract, and then encodes it: on the
 * daily page that was a third of the CPU time per view.
 */
final class Pages {

    private static final Logger log = LoggerFactory.getLogger(Pages.class);
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
    /** Bytes first set aside for a page (the daily page is 40-50 kB) and for a fragment (a paper's summary, 1-3 kB). */
    private static final int PAGE_CAPACITY = 64 * 1024;
    private static final int FRAGMENT_CAPACITY = 4 * 1024;

    private Pages() {}

    static void render(Context ctx, String template, Map<String, ?> model) {
        Map<String, Object> params = new HashMap<>(model);
        params.putIfAbsent("viewer", Auth.viewer(ctx));
        PageBuffer page = new PageBuffer(PAGE_CAPACITY);
        TEMPLATES.render(template, params, page);
        ctx.contentType("text/html; charset=utf-8");
        if (params.get("viewer") instanceof Viewer viewer && viewer.csrf() != null) {
            // The page may hold the visitor's CSRF token (every page of a member: the logout form) or an API token's
            // secret: no cache, shared or the browser's own, may keep a copy.
            ctx.header("Cache-Control", "no-store");
        }
        try {
            // One write, through Javalin's compression: gzip when the client asks for it.
            page.writeTo(ctx.outputStream());
        } catch (IOException e) {
            log.debug("{} {}: the client went away before the page was sent: {}", ctx.method(), ctx.path(), e.toString());
        }
    }

    /** A whole page rendered to UTF-8 for {@link #send}: the model names its viewer. */
    static byte[] renderPage(String template, Map<String, Object> model) {
        PageBuffer page = new PageBuffer(PAGE_CAPACITY);
        TEMPLATES.render(template, model, page);
        return page.toByteArray();
    }

    /** Sends a page rendered earlier ({@link #renderPage}) in one write, as {@link #render} does. */
    static void send(Context ctx, byte[] page) {
        ctx.contentType("text/html; charset=utf-8");
        try {
            ctx.outputStream().write(page);
        } catch (IOException e) {
            log.debug("{} {}: the client went away before the page was sent: {}", ctx.method(), ctx.path(), e.toString());
        }
    }

    /** A template rendered on its own, to UTF-8: a fragment that pages then include as it is. */
    static byte[] renderToBytes(String template, Map<String, Object> params) {
        PageBuffer fragment = new PageBuffer(FRAGMENT_CAPACITY);
        TEMPLATES.render(template, params, fragment);
        return fragment.toByteArray();
    }
}
