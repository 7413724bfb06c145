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
 * TO, or the end of DATA. Every other command is accepted. Records the commands it was sent.
 */
final class SmtpStandIn implements AutoCloseable {

    enum Stage { GREETING, MAIL, RCPT, DATA }

    private final ServerSocket server;
    private final Map<Stage, String> replies;
    private final List<String> ehloExtensions;
    final List<String> commands = new CopyOnWriteArrayList<>();

    /** A server that answers {@code stage} with {@code reply}, such as "451 4.3.0 try later". */
    static SmtpStandIn replying(Stage stage, String reply) throws IOException {
        return new SmtpStandIn(Map.of(stage, reply), List.of("8BITMIME"));
    }

    /** A server that accepts everything and offers only these EHLO extensions. */
    static SmtpStandIn offering(String... extensions) throws IOException {
        return new SmtpStandIn(Map.of(), List.of(extensions));
    }

    private SmtpStandIn(Map<Stage, String> replies, List<String> ehloExtensions) throws IOException {
        this.replies = replies;
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
                    for (String body; (body = in.readLine()) != null && !body.equals("."); ) {
                        // the message is not kept
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
