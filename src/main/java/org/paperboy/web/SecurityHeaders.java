package org.paperboy.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Headers that tell browsers what our responses may do, on every response: pages, the API, static files and errors,
 * including those Jetty writes itself. The pages run no scripts and use only the stylesheet under /static, so the
 * Content-Security-Policy allows nothing else: text that slipped past escaping still could not run, other sites
 * cannot frame us (clickjacking), and forms post only to us.
 */
final class SecurityHeaders extends Handler.Wrapper {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        addTo(response.getHeaders());
        return super.handle(request, response, callback);
    }

    /** Jetty's error pages for what it refuses before any handler sees it (a malformed or ambiguous path). */
    static ErrorHandler errorHandler() {
        return new ErrorHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                addTo(response.getHeaders());
                return super.handle(request, response, callback);
            }
        };
    }

    private static void addTo(HttpFields.Mutable headers) {
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
    }
}
