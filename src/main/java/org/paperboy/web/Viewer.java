package org.paperboy.web;

import org.paperboy.community.User;

/**
 * Who is looking at a page: a signed-in member or an anonymous visitor. {@code csrf} is the token this visitor's
 * forms must send back (null for an anonymous visitor who has not been shown a form yet); {@code here} is the page's
 * own path and query, where actions on it return to.
 */
public record Viewer(User user, String csrf, String here) {

    public boolean signedIn() {
        return user != null;
    }

    public boolean canModerate() {
        return user != null && user.canModerate();
    }

    /** Whether this visitor is the member with this id. */
    public boolean is(long userId) {
        return user != null && user.id() == userId;
    }
}
