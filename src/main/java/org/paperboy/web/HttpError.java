package org.paperboy.web;

import io.javalin.http.HttpStatus;

/** Ends a request with a status and a message for the user (a 4xx: something they can fix). */
final class HttpError extends RuntimeException {
    private final HttpStatus status;

    HttpError(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static HttpError notFound(String message) {
        return new HttpError(HttpStatus.NOT_FOUND, message);
    }

    static HttpError badRequest(String message) {
        return new HttpError(HttpStatus.BAD_REQUEST, message);
    }
}
