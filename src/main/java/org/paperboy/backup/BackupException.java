package org.paperboy.backup;

/** A backup or restore was refused or failed for a reason the user can act on; the message says which. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
