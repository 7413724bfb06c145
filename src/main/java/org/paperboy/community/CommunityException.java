package org.paperboy.community;

/** A community action that the rules forbid (a second submission of a paper, a reply to a missing comment...). */
public class CommunityException extends RuntimeException {
    public CommunityException(String message) {
        super(message);
    }
}
