import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMTP server of the digest benchmark (run as a source file: {@code java bench/SmtpSink.java PORT}): it speaks
 * enough SMTP for Jakarta Mail (EHLO, MAIL, RCPT, DATA up to the end of data, RSET, NOOP, QUIT), accepts every message
 * and keeps only their count, so that the benchmark measures the sender, not a mailbox. It replies with each reply in
 * one write and Nagle's algorithm off; GreenMail (the tests' server) takes some 45 ms a message on loopback, which would
 * measure GreenMail. It prints "listening" once it takes connections and, when stopped (SIGTERM), "received N".
 */
public class SmtpSink {

    private static final AtomicLong RECEIVED = new AtomicLong();

    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 200, InetAddress.getLoopbackAddress());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("received " + RECEIVED.get())));
        System.out.println("listening on 127.0.0.1:" + args[0]);
        while (true) {
            Socket socket = server.accept();
            Thread.ofVirtual().start(() -> serve(socket));
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            reply(out, "220 sink ESMTP");
            for (String line; (line = readLine(in)) != null; ) {
                String verb = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 SIZE 52428800");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        for (String data; (data = readLine(in)) != null && !data.equals("."); ) {
                            // the message is counted, not kept
                        }
                        RECEIVED.incrementAndGet();
                        reply(out, "250 OK: queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to keep
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                int end = line.length() - (line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? 1 : 0);
                return line.substring(0, end);
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
