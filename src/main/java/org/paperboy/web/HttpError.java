package org.paperboy.web;

import io.javalin.http.HttpStatus;

/**
 * Ends a request with a status and a message for the user: a 4xx, something they can fix; a 502 or 503, a service we
 * depend on (arXiv) that failed, to try again later.
 */
final class HttpError extends RuntimeException {
    private final HttpStatus status;
    private long retryAfterSeconds;

    HttpError(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    /** For a 429 or 503: how long the client should wait, sent as Retry-After. */
    HttpError retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static HttpError notFound(String message) {
        return new HttpError(HttpStatus.NOT_FOUND, message);
    }

    static HttpError badRequest(String message) {
        return new HttpError(HttpStatus.BAD_REQUEST, message);
    }
}
