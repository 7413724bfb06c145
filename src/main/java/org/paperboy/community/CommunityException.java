package org.paperboy.community;

/**
 * A community action that the rules forbid (a second submission of a paper, a reply to a missing comment, editing
 * someone else's comment...). The {@link Kind} says whose move it is, so the web layer can pick a status code.
 */
public class CommunityException extends RuntimeException {

    public enum Kind {
        /** The input breaks a rule (too long, too old, malformed). */
        INVALID,
        /** The action clashes with what already happened (submitted before, name taken). */
        CONFLICT,
        /** The member may not do this (someone else's comment, not a curator). */
        FORBIDDEN,
        /** The thing acted on does not exist. */
        NOT_FOUND
    }

    private final Kind kind;

    public CommunityException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static CommunityException invalid(String message) {
        return new CommunityException(Kind.INVALID, message);
    }

    static CommunityException conflict(String message) {
        return new CommunityException(Kind.CONFLICT, message);
    }

    static CommunityException forbidden(String message) {
        return new CommunityException(Kind.FORBIDDEN, message);
    }

    static CommunityException notFound(String message) {
        return new CommunityException(Kind.NOT_FOUND, message);
    }
}
