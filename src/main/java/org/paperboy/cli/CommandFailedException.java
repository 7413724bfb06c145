package org.paperboy.cli;

/** A command could not do its job for a reason the user can act on; printed as one line, exit code 1. */
final class CommandFailedException extends RuntimeException {
    CommandFailedException(String message) {
        super(message);
    }
}
