package org.paperboy.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of an SMTP server to answer one stage of a session with a chosen reply: the greeting, MAIL FROM, RCPT
 * TO, or the end of DATA, or with no reply at all to the end of DATA. Every other command is accepted. Records the
 * commands it was sent, and counts the messages whose data ended.
 */
final class SmtpStandIn implements AutoCloseable {

    enum Stage { GREETING, MAIL, RCPT, DATA }

    private final ServerSocket server;
    private final Map<Stage, String> replies;
    private final List<String> ehloExtensions;
    private final boolean silentAfterData;
    final List<String> commands = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger dataEnded = new java.util.concurrent.atomic.AtomicInteger();

    /** A server that answers {@code stage} with {@code reply}, such as "451 4.3.0 try later". */
    static SmtpStandIn replying(Stage stage, String reply) throws IOException {
        return new SmtpStandIn(Map.of(stage, reply), List.of("8BITMIME"), false);
    }

    /** A server that takes whole messages and never answers their end of data, as when a connection dies then. */
    static SmtpStandIn silentAfterData() throws IOException {
        return new SmtpStandIn(Map.of(), List.of("8BITMIME"), true);
    }

    /** A server that accepts everything and offers only these EHLO extensions. */
    static SmtpStandIn offering(String... extensions) throws IOException {
        return new SmtpStandIn(Map.of(), List.of(extensions), false);
    }

    private SmtpStandIn(Map<Stage, String> replies, List<String> ehloExtensions, boolean silentAfterData)
            throws IOException {
        this.replies = replies;
        this.silentAfterData = silentAfterData;
        this.ehloExtensions = ehloExtensions;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptAll);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                converse(socket);
            } catch (IOException e) {
                // the client hung up, or the stand-in was closed
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
        String greeting = replies.get(Stage.GREETING);
        reply(out, greeting != null ? greeting : "220 stand-in ESMTP");
        if (greeting != null) {
            return;
        }
        for (String line; (line = in.readLine()) != null; ) {
            commands.add(line);
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
            switch (verb) {
                case "EHLO" -> {
                    StringBuilder lines = new StringBuilder("250" + (ehloExtensions.isEmpty() ? " " : "-") + "stand-in");
                    for (int i = 0; i < ehloExtensions.size(); i++) {
                        lines.append("\r\n250").append(i == ehloExtensions.size() - 1 ? " " : "-").append(ehloExtensions.get(i));
                    }
                    reply(out, lines.toString());
                }
                case "MAIL" -> reply(out, replies.getOrDefault(Stage.MAIL, "250 2.1.0 ok"));
                case "RCPT" -> reply(out, replies.getOrDefault(Stage.RCPT, "250 2.1.5 ok"));
                case "DATA" -> {
                    reply(out, "354 go ahead");
                    String body = in.readLine();
                    while (body != null && !body.equals(".")) {
                        body = in.readLine(); // the message is not kept
                    }
                    if (body == null) {
                        return;
                    }
                    dataEnded.incrementAndGet();
                    if (silentAfterData) {
                        in.readLine(); // until the client hangs up, or the socket's timeout
                        return;
                    }
                    reply(out, replies.getOrDefault(Stage.DATA, "250 2.0.0 queued"));
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "250 ok");
            }
        }
    }

    private static void reply(PrintWriter out, String text) {
        out.print(text + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
