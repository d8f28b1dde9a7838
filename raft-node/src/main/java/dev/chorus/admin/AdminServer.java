package dev.chorus.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chorus.config.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The node's admin HTTP API (JDK HTTP server). Read-only JSON endpoints are registered by path; every answer,
 * including errors, is JSON. A handler failure answers 500 and never affects the node.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Supplier<Object>> getRoutes = new ConcurrentHashMap<>();
    private final Map<String, RawHandler> rawGetRoutes = new ConcurrentHashMap<>();
    private final java.util.List<MutatingRoute> mutatingRoutes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AdminToken token;

    /** Largest request body a mutating endpoint reads. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * A state-changing request: the path's {@code {name}} segments and the JSON body (an empty object when none)
     * go in, a JSON-serializable result comes out. Throw {@link AdminException} to answer with an error status.
     */
    @FunctionalInterface
    public interface MutatingHandler {
        Object handle(Map<String, String> pathParams, com.fasterxml.jackson.databind.JsonNode body) throws AdminException;
    }

    private record MutatingRoute(String method, String[] pattern, MutatingHandler handler) {
        Map<String, String> match(String method, String path) {
            if (!this.method.equals(method)) {
                return null;
            }
            String[] parts = path.split("/", -1);
            if (parts.length != pattern.length) {
                return null;
            }
            Map<String, String> params = new java.util.HashMap<>();
            for (int i = 0; i < parts.length; i++) {
                if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                    if (parts[i].isEmpty()) {
                        return null;
                    }
                    params.put(pattern[i].substring(1, pattern[i].length() - 1),
                            java.net.URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
                } else if (!pattern[i].equals(parts[i])) {
                    return null;
                }
            }
            return params;
        }
    }

    /** A GET handler that writes its own response (streams), given the parsed query parameters. */
    @FunctionalInterface
    public interface RawHandler {
        void handle(HttpExchange exchange, Map<String, String> query) throws IOException;
    }

    public AdminServer(HostPort address, AdminToken token) throws IOException {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
        } catch (java.net.BindException e) {
            // The JDK's message ("Address already in use") does not say which address.
            throw new IOException("cannot listen on admin address " + address + ": " + e, e);
        }
        // Two threads for ordinary requests plus one per open event stream.
        executor = Executors.newFixedThreadPool(2 + dev.chorus.events.EventStreamHandler.MAX_STREAMS, r -> {
            Thread t = new Thread(r, "chorus-admin-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Serves {@code supplier}'s value as JSON at {@code GET path}. */
    public void get(String path, Supplier<Object> supplier) {
        getRoutes.put(path, supplier);
    }

    /** Serves a mutating request ({@code POST}, {@code DELETE}) at {@code pattern}, e.g. {@code /groups/{id}/snapshot}. */
    public void mutating(String method, String pattern, MutatingHandler handler) {
        mutatingRoutes.add(new MutatingRoute(method, pattern.split("/", -1), handler));
    }

    /** Serves {@code GET path} with a handler that writes the response itself. */
    public void getRaw(String path, RawHandler handler) {
        rawGetRoutes.put(path, handler);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Supplier<Object> route = getRoutes.get(path);
            RawHandler raw = rawGetRoutes.get(path);
            for (MutatingRoute m : mutatingRoutes) {
                Map<String, String> params = m.match(exchange.getRequestMethod(), path);
                if (params != null) {
                    handleMutating(exchange, m.handler(), params);
                    return;
                }
            }
            if (raw != null && "GET".equals(exchange.getRequestMethod())) {
                raw.handle(exchange, query(exchange.getRequestURI().getRawQuery()));
            } else if (route == null && raw == null) {
                send(exchange, 404, Map.of("error", "no such endpoint: " + path));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, Map.of("error", exchange.getRequestMethod() + " is not allowed on " + path));
            } else {
                send(exchange, 200, route.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("admin request {} failed", exchange.getRequestURI(), e);
            try {
                send(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // the client is gone or the response already started
            }
        }
    }

    private void handleMutating(HttpExchange exchange, MutatingHandler handler, Map<String, String> params)
            throws IOException {
        if (!token.configured()) {
            send(exchange, 403, Map.of("error", "mutating admin requests are disabled: the cluster file names no adminTokenFile"));
            return;
        }
        if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            send(exchange, 401, Map.of("error", "missing or wrong bearer token (Authorization: Bearer TOKEN)"));
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            send(exchange, 413, Map.of("error", "request body exceeds " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            send(exchange, 400, Map.of("error", "request body is not JSON"));
            return;
        }
        if (json == null || !json.isObject()) {
            send(exchange, 400, Map.of("error", "request body must be a JSON object"));
            return;
        }
        try {
            send(exchange, 200, handler.handle(params, json));
        } catch (AdminException e) {
            send(exchange, e.status(), Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            // A bug or an unexpected refusal below (e.g. jraft rejecting a configuration): a clear 500, never a
            // dropped connection.
            send(exchange, 500, Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** Answers 400 with a JSON error; for handlers that reject their parameters. */
    public static void badRequest(HttpExchange exchange, String message) throws IOException {
        send(exchange, 400, Map.of("error", message));
    }

    private static void send(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
