package org.paperboy.ingest.arxiv;

import java.io.IOException;

/**
 * arXiv's answer as a whole cannot be read: not well-formed, not the kind of document asked for, a DTD declared
 * (refused, so that no entity is ever expanded or fetched), or a size limit exceeded. Asking again will not help.
 */
public class MalformedResponseException extends IOException {

    MalformedResponseException(String message) {
        super(message);
    }

    MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
