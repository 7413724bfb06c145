package org.paperboy.migrate;

/** A migration was refused or failed for a reason the user can act on; the message says what to do. */
public class MigrationException extends RuntimeException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
