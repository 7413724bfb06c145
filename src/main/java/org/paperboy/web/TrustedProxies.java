package org.paperboy.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Behind a reverse proxy: the client's address and scheme from the proxy's {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto}, believed only when the request came from one of the configured proxies.
 *
 * <p>A client can send an {@code X-Forwarded-For} of its own choosing; each proxy appends the address it saw. So the
 * client is the rightmost address that is not one of our proxies, never the leftmost (which Jetty's
 * {@link ForwardedRequestCustomizer} takes): a made-up address per request would otherwise escape every rate limit.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {

    private static final String FORWARDED_FOR = HttpHeader.X_FORWARDED_FOR.asString();

    private final InetAddressSet proxies = new InetAddressSet();
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    /** @param proxies addresses and CIDR blocks, as {@code http.trusted-proxies} lists them (already checked) */
    TrustedProxies(List<String> proxies) {
        proxies.forEach(this.proxies::add);
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (!(request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress peer)
                || !proxies.test(peer.getAddress())) {
            return request; // not from our proxy: its forwarding headers are the client's say-so
        }
        HttpFields.Mutable headers = HttpFields.build(request.getHeaders());
        // RFC 7239's Forwarded would be read too, and our proxies do not set it: a client could.
        headers.remove(HttpHeader.FORWARDED);
        List<String> chain = headers.getCSV(FORWARDED_FOR, false);
        if (!chain.isEmpty()) {
            headers.put(FORWARDED_FOR, client(chain));
        }
        HttpFields chosen = headers.asImmutable();
        return forwarded.customize(new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return chosen;
            }
        }, responseHeaders);
    }

    /** The address the nearest of our proxies saw: the rightmost that is not a proxy (else the leftmost). */
    String client(List<String> chain) {
        for (int i = chain.size() - 1; i > 0; i--) {
            InetAddress address = literal(chain.get(i));
            if (address == null || !proxies.test(address)) {
                return chain.get(i);
            }
        }
        return chain.getFirst();
    }

    /** An address as written in X-Forwarded-For (perhaps with a port, or in brackets); null when it is not one. */
    private static InetAddress literal(String entry) {
        String host;
        try {
            host = HostPort.normalizeHost(new HostPort(entry.strip()).getHost());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return null; // a name: never looked up
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
