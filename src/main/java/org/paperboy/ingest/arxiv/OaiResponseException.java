package org.paperboy.ingest.arxiv;

/**
 * The response as a whole cannot be read: it is no well-formed OAI-PMH document, declares a DTD (refused, so that no
 * entity is ever expanded or fetched), or exceeds a size limit. Records read before the failure have been handed on.
 */
public final class OaiResponseException extends MalformedResponseException {

    OaiResponseException(String message) {
        super(message);
    }

    OaiResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
