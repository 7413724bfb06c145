package org.paperboy.web;

import io.javalin.http.Context;

/** Query parameters, checked: a malformed one is a 400 that names it and what is allowed. */
final class Params {

    private Params() {}

    static int integer(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        if (!raw.matches("-?\\d{1,9}") || Integer.parseInt(raw) < min || Integer.parseInt(raw) > max) {
            throw HttpError.badRequest(name + " must be a number from " + min + " to " + max);
        }
        return Integer.parseInt(raw);
    }
}
