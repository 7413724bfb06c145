package org.paperboy.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a screen: keeps cookies, posts forms with the CSRF token of the last page it read, and never
 * follows redirects (tests look at them). Each client has an address of its own, sent as X-Forwarded-For, which a
 * server with {@code http.behind-proxy=true} takes as the client's, as behind a real proxy.
 */
public final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final String address;
    private String csrf;
    private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

    public WebClient(int port) {
        this(port, "10.0." + COUNTER.incrementAndGet() / 250 + "." + COUNTER.get() % 250);
    }

    /** A client whose requests carry this X-Forwarded-For, as a proxy (or a client pretending) writes it. */
    public WebClient(int port, String forwardedFor) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
        this.address = forwardedFor;
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        Matcher m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }

    /** Posts a form with the CSRF token of the last page read (unless the fields give one). */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        if (csrf != null) {
            form.put("csrf", csrf);
        }
        form.putAll(fields);
        return postRaw(path, form);
    }

    /** Posts exactly these fields, no CSRF token added. */
    public HttpResponse<String> postRaw(String path, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** An API call with a JSON body and, if given, a bearer token; no cookies. */
    public HttpResponse<String> postJson(String path, String json, String bearerToken) {
        return api("POST", path, json, bearerToken);
    }

    /** An API call with this method, a JSON body and, if given, a bearer token; no cookies. */
    public HttpResponse<String> api(String method, String path, String json, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request with this method and no body, with the client's cookies and the given headers (name, value...). */
    public HttpResponse<String> request(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** Signs up (and thereby in) with the given username and password. */
    public HttpResponse<String> signUp(String username, String password) {
        get("/signup");
        return post("/signup", Map.of("username", username, "password", password));
    }

    /** Signs up (and thereby in) with an email address too. */
    public HttpResponse<String> signUp(String username, String password, String email) {
        get("/signup");
        return post("/signup", Map.of("username", username, "password", password, "email", email));
    }

    public HttpResponse<String> logIn(String username, String password) {
        get("/login");
        return post("/login", Map.of("username", username, "password", password));
    }

    public Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    public void setCookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    public String csrf() {
        return csrf;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("X-Forwarded-For", address).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
