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
import java.util.function.Supplier;

/**
 * The node's admin HTTP API (JDK HTTP server). Read-only JSON endpoints are registered by path; every answer,
 * including errors, is JSON. A handler failure answers 500 and never affects the node.
 *
 * <p>Hardening (issue #12), all per server, none through JVM-wide settings:
 * <ul>
 * <li><b>Workers</b>: ordinary requests run on up to {@link Limits#workers} threads (created on demand). Event
 * streams run on their own pool: at most {@link Limits#maxStreams} at once, beyond that 503 with a message.</li>
 * <li><b>Timeouts</b>: the JDK server reads a request's line and headers on the worker thread, with no bound by
 * default. Its own bounds ({@code sun.net.httpserver.maxReqTime}, {@code maxRspTime}, {@code idleInterval}) are
 * JVM-wide, read once when the JDK's server class initializes, and {@code maxRspTime} would also cut every event
 * stream. So a watchdog here bounds each blocking phase instead: receiving the request (line, headers, body) within
 * {@link Limits#requestTimeout}, and each write of a response within {@link Limits#writeTimeout}; past that the
 * worker is interrupted, which closes the connection (the JDK server uses blocking, interruptible socket channels)
 * and frees the thread. A connection that sends nothing holds no thread; the JDK closes it after its idle interval
 * (default 30 s, left as is).</li>
 * <li><b>Host check</b>: a request whose {@code Host} is not the admin address itself, {@code localhost:PORT} or
 * {@code 127.0.0.1:PORT} is refused with 421 before any route sees it, so a web page that rebinds its DNS name to
 * this address cannot read status or act.</li>
 * </ul>
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final java.util.concurrent.ThreadPoolExecutor executor;
    private final java.util.concurrent.ThreadPoolExecutor streamExecutor;
    private final java.util.concurrent.Semaphore streamSlots;
    private final Limits limits;
    private final IoWatchdog watchdog;
    private final java.util.Set<String> allowedHosts;
    /** Exchanges handed to the stream pool: their worker must not close them. */
    private final java.util.Set<HttpExchange> handedOff = ConcurrentHashMap.newKeySet();
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

    /**
     * The admin server's bounds.
     *
     * @param workers        threads for ordinary requests (created on demand, idle ones end)
     * @param maxStreams     event streams served at once (their own threads); more are answered 503
     * @param requestTimeout longest a client may take to send its request (line, headers and body)
     * @param writeTimeout   longest one write of a response may block on a client that does not read
     */
    public record Limits(int workers, int maxStreams, java.time.Duration requestTimeout, java.time.Duration writeTimeout) {
        public static final Limits DEFAULTS = new Limits(32, 16, java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(10));
    }

    public AdminServer(HostPort address, AdminToken token) throws IOException {
        this(address, token, Limits.DEFAULTS);
    }

    public AdminServer(HostPort address, AdminToken token, Limits limits) throws IOException {
        this.token = token;
        this.limits = limits;
        this.allowedHosts = allowedHosts(address);
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
        } catch (java.net.BindException e) {
            // The JDK's message ("Address already in use") does not say which address.
            throw new IOException("cannot listen on admin address " + address + ": " + e, e);
        }
        watchdog = new IoWatchdog("chorus-admin-watchdog-" + address.port());
        executor = new java.util.concurrent.ThreadPoolExecutor(limits.workers(), limits.workers(), 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), r -> daemon(r, "chorus-admin-http"));
        executor.allowCoreThreadTimeOut(true);
        streamExecutor = new java.util.concurrent.ThreadPoolExecutor(limits.maxStreams(), limits.maxStreams(), 30,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                r -> daemon(r, "chorus-admin-stream"));
        streamExecutor.allowCoreThreadTimeOut(true);
        streamSlots = new java.util.concurrent.Semaphore(limits.maxStreams());
        long requestNanos = limits.requestTimeout().toNanos();
        // Every exchange starts on a worker by reading the request line and headers: bounded from the start.
        server.setExecutor(task -> executor.execute(() -> watchdog.run(task, requestNanos)));
        server.createContext("/", this::handle);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The Host header values this server answers: its own address, and localhost / 127.0.0.1 with its port. */
    private static java.util.Set<String> allowedHosts(HostPort address) {
        java.util.Set<String> hosts = new java.util.HashSet<>();
        int port = address.port();
        for (String h : java.util.List.of(address.host(), "localhost", "127.0.0.1")) {
            String host = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h; // IPv6 literal
            hosts.add((host + ":" + port).toLowerCase(java.util.Locale.ROOT));
            if (port == 80) {
                hosts.add(host.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return java.util.Set.copyOf(hosts);
    }

    /** The server's bounds. */
    public Limits limits() {
        return limits;
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

    /**
     * Has a stream pool thread serve {@code exchange} (a long-lived response such as {@code GET /events}); call it
     * from a {@link RawHandler}, which then returns at once. The exchange is closed when {@code body} returns. With
     * {@link Limits#maxStreams} streams open it answers 503 instead. Each write of the stream is bounded by
     * {@link Limits#writeTimeout}; waiting between writes is not.
     */
    public void stream(HttpExchange exchange, RawStream body) throws IOException {
        if (!streamSlots.tryAcquire()) {
            send(exchange, 503, Map.of("error", "too many event streams open on this node (at most "
                    + limits.maxStreams() + "); close one or try again later"));
            return;
        }
        handedOff.add(exchange);
        try {
            streamExecutor.execute(() -> watchdog.run(() -> {
                try {
                    body.stream(exchange);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("admin stream {} ended: {}", exchange.getRequestURI(), e.toString());
                } finally {
                    IoWatchdog.current().arm(limits.writeTimeout().toNanos()); // closing writes the last chunk
                    try {
                        exchange.close();
                    } finally {
                        streamSlots.release();
                    }
                }
            }, 0));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            handedOff.remove(exchange);
            streamSlots.release();
            send(exchange, 503, Map.of("error", "the node's admin server is stopping"));
        }
    }

    /** The body of a stream served by {@link #stream}. */
    @FunctionalInterface
    public interface RawStream {
        void stream(HttpExchange exchange) throws IOException;
    }

    private void handle(HttpExchange exchange) throws IOException {
        IoWatchdog.Watch watch = IoWatchdog.current();
        // Line and headers are in: what follows is bounded per phase (body read, response writes).
        watch.disarm();
        long requestNanos = limits.requestTimeout().toNanos();
        long writeNanos = limits.writeTimeout().toNanos();
        exchange.setStreams(new IoWatchdog.BoundedInputStream(exchange.getRequestBody(), requestNanos),
                new IoWatchdog.BoundedOutputStream(exchange.getResponseBody(), writeNanos));
        try {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || !allowedHosts.contains(host.trim().toLowerCase(java.util.Locale.ROOT))) {
                watch.arm(writeNanos);
                send(exchange, 421, Map.of("error", "Host " + (host == null ? "(none)" : "'" + host + "'")
                        + " is not this admin address; use http://" + allowedHostsExample() + "/"));
                return;
            }
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
            // Answering (headers and body) is bounded by the write timeout.
            watch.arm(writeNanos);
            if (raw != null && "GET".equals(exchange.getRequestMethod())) {
                raw.handle(exchange, query(exchange.getRequestURI().getRawQuery()));
            } else if (route == null && raw == null) {
                send(exchange, 404, Map.of("error", "no such endpoint: " + path));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, Map.of("error", exchange.getRequestMethod() + " is not allowed on " + path));
            } else {
                watch.disarm(); // computing the answer is the node's time, not the client's
                Object value = route.get();
                watch.arm(writeNanos);
                send(exchange, 200, value);
            }
        } catch (RuntimeException e) {
            LOG.warn("admin request {} failed", exchange.getRequestURI(), e);
            try {
                watch.arm(writeNanos);
                send(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // the client is gone or the response already started
            }
        } finally {
            if (!handedOff.remove(exchange)) {
                exchange.close();
            }
        }
    }

    private String allowedHostsExample() {
        return allowedHosts.stream().sorted().findFirst().orElse("");
    }

    private void handleMutating(HttpExchange exchange, MutatingHandler handler, Map<String, String> params)
            throws IOException {
        IoWatchdog.Watch watch = IoWatchdog.current();
        long writeNanos = limits.writeTimeout().toNanos();
        watch.arm(writeNanos);
        if (!token.configured()) {
            send(exchange, 403, Map.of("error", "mutating admin requests are disabled: the cluster file names no adminTokenFile"));
            return;
        }
        if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            send(exchange, 401, Map.of("error", "missing or wrong bearer token (Authorization: Bearer TOKEN)"));
            return;
        }
        watch.arm(limits.requestTimeout().toNanos()); // the whole body, not each read: no trickling
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        watch.arm(writeNanos);
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
        int status;
        Object answer;
        watch.disarm(); // the action itself (e.g. waiting for a leader transfer) is not bounded here
        try {
            answer = handler.handle(params, json);
            status = 200;
        } catch (AdminException e) {
            status = e.status();
            answer = Map.of("error", e.getMessage());
        } catch (RuntimeException e) {
            // A bug or an unexpected refusal below (e.g. jraft rejecting a configuration): a clear 500, never a
            // dropped connection.
            status = 500;
            answer = Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        watch.arm(writeNanos);
        send(exchange, status, answer);
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
        streamExecutor.shutdownNow();
        watchdog.close();
    }
}
