package org.paperboy.web;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * Reads each request body in full, without holding a thread, before the request reaches Javalin, and cuts off a
 * body that arrives too slowly. Javalin reads bodies with blocking reads on a request thread: a client that sends
 * {@code Content-Length: 100000} and then a byte every few seconds held one of the few request threads for as long
 * as it liked, and a handful of them took the whole server offline. Here the bytes are gathered as they arrive, on
 * no thread at all, and a request thread is taken only once the body is complete.
 *
 * <p>Gathered bodies cost memory instead, at most {@code maxBytes} each (Javalin's own limit, which would refuse a
 * larger one anyway); a body slower than {@code minBytesPerSecond} once it has begun is ended with a 408, and one
 * that never begins by the connection's idle timeout.
 */
final class RequestBodies extends Handler.Wrapper {

    private final int maxBytes;

    private RequestBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The handlers to insert in front of the application ({@code Server.insertHandler}), the rate check outermost:
     * it watches the reads made here.
     *
     * @param minBytesPerSecond 0 for no minimum rate
     */
    static Handler.Singleton handlers(int maxBytes, long minBytesPerSecond) {
        RequestBodies bodies = new RequestBodies(maxBytes);
        return minBytesPerSecond > 0 ? new MinimumDataRateHandler(bodies, minBytesPerSecond, 0) : bodies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED.asString());
        if (length <= 0 && !chunked) {
            return super.handle(request, response, callback);
        }
        if (length > maxBytes) {
            Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge());
            return true;
        }
        Content.Source.asByteArrayAsync(request, maxBytes, new Promise.Invocable<>() {
            @Override
            public void succeeded(byte[] body) {
                // Called where the last bytes were read (perhaps Jetty's selector): the application runs elsewhere.
                request.getContext().execute(() -> dispatch(new WithBody(request, body), response, callback));
            }

            @Override
            public void failed(Throwable failure) {
                refuse(request, response, callback, failure);
            }

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        });
        return true;
    }

    private void dispatch(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
        } catch (Throwable failure) {
            Response.writeError(request, response, callback, failure);
        }
    }

    /**
     * 408 for a body that came too slowly, 413 for one over the limit (sent without a length), 400 for one that
     * ended early (the client is most likely gone, and the answer with it).
     */
    private void refuse(Request request, Response response, Callback callback, Throwable failure) {
        if (failure instanceof TimeoutException) {
            Response.writeError(request, response, callback, HttpStatus.REQUEST_TIMEOUT_408,
                    "the request body came too slowly");
        } else if (failure instanceof IllegalStateException) {
            Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge());
        } else {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, "the request body ended early");
        }
    }

    private String tooLarge() {
        return "the request body is larger than " + maxBytes / 1024 + " KiB";
    }

    /** The request with its body already read: the application reads it from memory, all at once. */
    private static final class WithBody extends Request.Wrapper {
        private Content.Chunk body;

        WithBody(Request request, byte[] body) {
            super(request);
            this.body = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = body;
            body = Content.Chunk.EOF;
            return chunk;
        }

        @Override
        public void demand(Runnable onContentAvailable) {
            onContentAvailable.run(); // read() never waits
        }
    }
}
