package org.paperboy.embed;

/** An embedding provider could not produce vectors; the message says why, in words an operator can act on. */
public class EmbeddingException extends RuntimeException {

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
