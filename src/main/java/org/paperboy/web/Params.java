package org.paperboy.web;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.DateTimeException;

/** Query parameters and form fields, checked: a malformed one is a 400 that names it and what is allowed. */
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

    /**
     * The page asked for by {@code ?page=N}, counted from 1 as readers count (the first page when absent), as an index
     * from 0 up to {@code lastIndex}.
     */
    static int pageIndex(Context ctx, int lastIndex) {
        return integer(ctx, "page", 1, 1, lastIndex + 1) - 1;
    }

    /** A day such as 2025-03-18; null when the parameter is absent or empty (an untouched date field of a form). */
    static LocalDate date(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return withinSupportedYears(LocalDate.parse(value));
        } catch (DateTimeException e) {
            throw HttpError.badRequest(name + " must be a date such as 2025-03-18");
        }
    }

    /**
     * The day, if its year has at most four digits; else a {@link DateTimeException}, as for a malformed one. Java
     * parses years up to 999,999,999, where the arithmetic of a page (the next week's link) overflows.
     */
    static LocalDate withinSupportedYears(LocalDate day) {
        if (day.getYear() < 1 || day.getYear() > 9999) {
            throw new DateTimeException("year " + day.getYear() + " is not from 1 to 9999");
        }
        return day;
    }

    /** A form field, never null, refused when longer than any valid value could be. */
    static String formField(Context ctx, String name, int maxLength) {
        String value = ctx.formParam(name);
        if (value == null) {
            return "";
        }
        if (value.length() > maxLength) {
            throw HttpError.badRequest(name + " is too long (at most " + maxLength + " characters)");
        }
        return value;
    }

    /** Where to go after a form: a path on this site, never another site ("//evil.example" or "https://..."). */
    static String localPath(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")
                || path.length() > 2000 || path.chars().anyMatch(Character::isISOControl)) {
            return "/daily";
        }
        return path;
    }
}
