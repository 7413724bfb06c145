package org.paperboy.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Paths of the pages that many pages link to, built in one place so that a link and its route agree. */
public final class Links {
    private Links() {}

    /** The author's page; the name is as the catalog stores it. */
    public static String author(String name) {
        return "/authors/" + pathSegment(name);
    }

    /** The page of an arXiv category such as {@code cs.CL}. */
    public static String category(String code) {
        return "/categories/" + pathSegment(code);
    }

    private static String pathSegment(String value) {
        // URLEncoder encodes for forms: a space becomes '+', which a path segment would keep as a plus sign.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
