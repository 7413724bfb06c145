package org.paperboy.web;

import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;

/**
 * Failures that the client caused rather than a fault of ours: it went away mid-request (Jetty's
 * {@link EofException}, a broken pipe, a reset connection), was too slow, or sent a request Jetty could not parse.
 * Anyone can cause them, so they are answered (when the client is still there) and not logged as errors.
 */
final class ClientFaults {

    private ClientFaults() {}

    /** The status to answer with when the client is at fault; empty when the failure is ours. */
    static Optional<HttpStatus> status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return Optional.of(HttpStatus.forStatus(http.getCode()));
            }
            if (t instanceof EofException || t instanceof IOException io && connectionLost(io)) {
                return Optional.of(HttpStatus.BAD_REQUEST);
            }
            if (t instanceof TimeoutException) {
                return Optional.of(HttpStatus.REQUEST_TIMEOUT);
            }
        }
        return Optional.empty();
    }

    private static boolean connectionLost(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Broken pipe") || message.contains("Connection reset");
    }
}
