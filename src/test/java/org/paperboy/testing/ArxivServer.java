package org.paperboy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A real HTTP server on loopback that stands in for arXiv: it answers with captured responses and with the faults a
 * harvester meets (503 with Retry-After, 429, a reset connection, a response that never comes, a truncated body). It
 * speaks plain HTTP/1.1 over a socket of its own, one request per connection, so that a fault can be exactly what the
 * network does (a reset is a TCP RST, a hang is silence) rather than what an HTTP library allows.
 *
 * <p>Replies queued with {@link #enqueue} answer the next requests in order; after them, {@link #route} decides.
 */
public final class ArxivServer implements AutoCloseable {

    /** What the server received. */
    public record Request(String method, String target, Map<String, String> headers, Instant receivedAt) {

        public String path() {
            return URI.create(target).getPath();
        }

        /** The query's parameters, decoded. */
        public Map<String, String> parameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            String query = URI.create(target).getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    String[] kv = pair.split("=", 2);
                    parameters.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            return parameters;
        }

        public String parameter(String name) {
            return parameters().get(name);
        }
    }

    /** One way of answering a request. */
    @FunctionalInterface
    public interface Reply {
        void send(Socket socket, OutputStream out) throws IOException;

        static Reply ok(String contentType, Supplier<InputStream> body) {
            return (socket, out) -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = body.get()) {
                    in.transferTo(out);
                }
            };
        }

        static Reply xml(String body) {
            return status(200, Map.of("Content-Type", "text/xml; charset=utf-8"), body);
        }

        /** A file from the test resources, e.g. {@code /arxiv/oai-pmh/mikesaelim_ListRecordsResponse.xml}. */
        static Reply resource(String name) {
            Path file = Fixtures.resource(name);
            return ok("text/xml; charset=utf-8", () -> {
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        static Reply status(int status, Map<String, String> headers, String body) {
            return (socket, out) -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Status\r\n");
                headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
            };
        }

        /** Closes the connection with a TCP reset before answering. */
        static Reply reset() {
            return (socket, out) -> {
                socket.setSoLinger(true, 0);
                socket.close();
            };
        }

        /** Sends the start of {@code body} under a Content-Length for all of it, then resets the connection. */
        static Reply cutOff(String body, int sentBytes) {
            return (socket, out) -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + bytes.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, 0, Math.min(sentBytes, bytes.length));
                out.flush();
                socket.setSoLinger(true, 0);
                socket.close();
            };
        }

        /** Accepts the request and never answers (until the server closes). */
        static Reply hang() {
            return (socket, out) -> {
                try {
                    while (!socket.isClosed() && socket.getInputStream().read() >= 0) {
                        Thread.onSpinWait(); // the client sends nothing more; read() returns when it hangs up
                    }
                } catch (IOException e) {
                    // the client gave up, or the server closed
                }
            };
        }
    }

    private final ServerSocket server;
    private final Deque<Reply> queued = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> route = request -> Reply.status(404, Map.of(), "no route for " + request.target());

    private ArxivServer(ServerSocket server) {
        this.server = server;
        Thread.ofVirtual().name("arxiv-server").start(this::acceptLoop);
    }

    public static ArxivServer start() {
        try {
            return new ArxivServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public synchronized ArxivServer enqueue(Reply... replies) {
        queued.addAll(List.of(replies));
        return this;
    }

    /** How requests are answered once the queue is empty. */
    public ArxivServer route(Function<Request, Reply> route) {
        this.route = route;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private synchronized Reply next(Request request) {
        Reply reply = queued.poll();
        return reply != null ? reply : route.apply(request);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread.ofVirtual().name("arxiv-server-connection").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String line = in.readLine();
            if (line == null) {
                return;
            }
            String[] parts = line.split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
                }
            }
            Request request = new Request(parts[0], parts.length > 1 ? parts[1] : "/", headers, Instant.now());
            requests.add(request);
            OutputStream out = socket.getOutputStream();
            next(request).send(socket, out);
            if (!socket.isClosed()) {
                out.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away, or a fault closed the socket on purpose
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
