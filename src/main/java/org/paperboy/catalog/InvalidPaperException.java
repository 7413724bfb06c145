package org.paperboy.catalog;

/** A paper record or identifier that the catalog refuses; the message says what is wrong in words a user can act on. */
public class InvalidPaperException extends IllegalArgumentException {
    public InvalidPaperException(String message) {
        super(message);
    }
}
