package org.paperboy.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets with Nagle's algorithm off, for the connection to the SMTP server. Jakarta Mail sends a message's last bytes
 * and the end of data, and several commands, as separate small writes that each wait for the reply to the one before;
 * with Nagle on, such a write waits for the server's delayed acknowledgement (some 40 ms on Linux), several times per
 * message. Off, a local server takes a message in milliseconds (docs/benchmarks.md, "Mail").
 */
final class NoDelaySocketFactory extends SocketFactory {

    private static final SocketFactory PLAIN = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(PLAIN.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(PLAIN.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(PLAIN.createSocket(host, port, localAddress, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(PLAIN.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(PLAIN.createSocket(host, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
