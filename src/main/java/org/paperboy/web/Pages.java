package org.paperboy.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders every page: a precompiled jte template, given the {@link Viewer} (for the header and the page's forms)
 * unless the model names one, written straight to UTF-8 bytes. Going through a {@code String} instead (as
 * {@code ctx.render} does) builds it in a growing {@code StringBuilder}, inflated to two bytes a character by the
 * first non-Latin-1 character of an abstract, and then encodes it: on the daily page (40-95 papers, 90-200 kB) that
 * was a third of the CPU time per view.
 */
final class Pages {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private Pages() {}

    static void render(Context ctx, String template, Map<String, ?> model) {
        Map<String, Object> params = new HashMap<>(model);
        params.putIfAbsent("viewer", Auth.viewer(ctx));
        ctx.contentType("text/html; charset=utf-8").result(renderToBytes(template, params));
    }

    /** A template rendered on its own, to UTF-8: a fragment that pages then include as it is. */
    static byte[] renderToBytes(String template, Map<String, Object> params) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        TEMPLATES.render(template, params, output);
        return output.toByteArray();
    }
}
