package org.paperboy.migrate;

/** The target asks for a password and none was given: the command may ask for one and try again. */
public final class PasswordRequiredException extends MigrationException {
    PasswordRequiredException(String message) {
        super(message);
    }
}
