package dev.chorus.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.chorus.admin.AdminServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /events}: the node's recent events, then every new one, as Server-Sent Events ({@code data: JSON}).
 * {@code ?since=SEQ} replays only events after SEQ; {@code ?follow=false} answers the recent events as one JSON
 * array instead of a stream. A slow or gone client never blocks the node: each stream has its own bounded queue
 * and is dropped when it overflows. How many streams may be open at once, on which threads, and how long a write
 * may block is the admin server's business ({@code AdminServer.stream}).
 */
public final class EventStreamHandler {
    private static final int QUEUE_LIMIT = 10_000;
    private static final long KEEPALIVE_SECONDS = 10;

    private final EventLog log;
    private final ObjectMapper json;

    public EventStreamHandler(EventLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    /** Serves {@code GET /events} on {@code admin}. */
    public void register(AdminServer admin) {
        admin.getRaw("/events", (exchange, query) -> {
            long since;
            try {
                since = Long.parseLong(query.getOrDefault("since", "0"));
            } catch (NumberFormatException e) {
                AdminServer.badRequest(exchange, "since must be an event sequence number");
                return;
            }
            if ("false".equals(query.get("follow"))) {
                recent(exchange, since);
            } else {
                admin.stream(exchange, e -> stream(e, since));
            }
        });
    }

    /** Answers the recent events after {@code since} as one JSON array ({@code ?follow=false}). */
    public void recent(HttpExchange exchange, long since) throws IOException {
        byte[] body = json.writeValueAsBytes(log.since(since));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Streams the events after {@code since}, then live ones, until the client goes away or falls too far behind. */
    public void stream(HttpExchange exchange, long since) throws IOException {
        BlockingQueue<NodeEvent> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
        Consumer<NodeEvent> subscriber = queue::offer;
        try {
            List<NodeEvent> replay = log.replayAndSubscribe(since, subscriber);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long lastSent = since;
            for (NodeEvent e : replay) {
                lastSent = send(out, e, lastSent);
            }
            out.flush();
            while (true) {
                NodeEvent e = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (e == null) {
                    out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    lastSent = send(out, e, lastSent);
                }
                out.flush();
                if (queue.remainingCapacity() == 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            log.unsubscribe(subscriber);
        }
    }

    /** Writes {@code e} unless it was already sent (replay and live delivery can overlap by an event). */
    private long send(OutputStream out, NodeEvent e, long lastSent) throws IOException {
        if (e.seq() <= lastSent) {
            return lastSent;
        }
        out.write(("id: " + e.seq() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(json.writeValueAsBytes(e));
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        return e.seq();
    }
}
