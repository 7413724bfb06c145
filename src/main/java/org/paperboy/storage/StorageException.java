package org.paperboy.storage;

/** The store could not do what was asked; the message says why, in words an operator can act on. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
