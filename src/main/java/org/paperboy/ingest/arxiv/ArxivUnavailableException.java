package org.paperboy.ingest.arxiv;

import java.io.IOException;

/**
 * arXiv (or the mirror configured) could not be reached, or kept refusing, within the attempts and time allowed. The
 * message says what happened in plain words, for the admin page and the command line.
 *
 * @see ArxivHttp
 */
public final class ArxivUnavailableException extends IOException {

    private final int status;

    ArxivUnavailableException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The last HTTP status arXiv answered with, or 0 when it did not answer at all. */
    public int status() {
        return status;
    }
}
