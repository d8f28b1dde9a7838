package dev.chorus.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chorus.admin.AdminServer;
import dev.chorus.client.ChorusException;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.events.NodeEvent;
import dev.chorus.protocol.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code chorus events [--follow] [--json]}: the nodes' recent events merged in time order, one line each; with
 * {@code --follow}, then every new event as it happens (reconnecting to nodes that go away) until interrupted. With
 * {@code --json} each line is the event as the admin API serves it (JSON Lines, the same with and without
 * {@code --follow}), and notices about unreachable nodes go to stderr so stdout stays parseable.
 */
@Command(name = "events", description = "Print the nodes' events, one line each (--follow: keep streaming).")
final class EventsCommand extends ClusterCommand {
    @Option(names = "--follow", description = "keep printing new events until interrupted")
    boolean follow;
    @Mixin
    JsonOption json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public Integer call() throws Exception {
        ClusterConfig config = cluster().load();
        PrintWriter out = out();
        if (!follow) {
            List<NodeEvent> all = new ArrayList<>();
            int answered = 0;
            for (NodeSpec n : config.nodes()) {
                try {
                    all.addAll(recent(n));
                    answered++;
                } catch (IOException e) {
                    err().println("chorus: node " + n.id() + " did not answer: " + e.getMessage());
                }
            }
            if (answered == 0) {
                throw new ChorusException(ErrorCode.UNAVAILABLE, "no node answered on its admin address");
            }
            all.sort(Comparator.comparingLong(NodeEvent::timestampMs).thenComparing(NodeEvent::node)
                    .thenComparingLong(NodeEvent::seq));
            all.forEach(e -> print(e, out));
            return ExitCodes.OK;
        }
        List<Thread> threads = new ArrayList<>();
        for (NodeSpec n : config.nodes()) {
            Thread t = new Thread(() -> followNode(n, out), "events-" + n.id());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return ExitCodes.OK;
    }

    private List<NodeEvent> recent(NodeSpec n) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + n.adminAddress() + "/events?follow=false"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                throw new IOException("HTTP " + resp.statusCode());
            }
            return AdminServer.JSON.readValue(resp.body(), new TypeReference<List<NodeEvent>>() {
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Streams one node's events forever, reconnecting after the node goes away and resuming after the last seen. */
    private void followNode(NodeSpec n, PrintWriter out) {
        AtomicLong lastSeq = new AtomicLong();
        boolean reported = false;
        while (!Thread.currentThread().isInterrupted()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + n.adminAddress() + "/events?since=" + lastSeq.get()))
                    .build();
            try {
                HttpResponse<Stream<String>> resp = http.send(req, HttpResponse.BodyHandlers.ofLines());
                reported = false;
                try (Stream<String> lines = resp.body()) {
                    lines.filter(l -> l.startsWith("data: ")).forEach(l -> {
                        try {
                            NodeEvent e = AdminServer.JSON.readValue(l.substring(6), NodeEvent.class);
                            lastSeq.set(e.seq());
                            synchronized (out) {
                                print(e, out);
                                out.flush();
                            }
                        } catch (IOException bad) {
                            // not an event of ours: skip the line
                        }
                    });
                }
            } catch (IOException e) {
                if (!reported) {
                    PrintWriter notices = json.enabled() ? err() : out;
                    synchronized (notices) {
                        notices.println(Instant.now() + " " + n.id() + " - UNREACHABLE (retrying)");
                        notices.flush();
                    }
                    reported = true;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(1000); // reconnect pacing, not synchronization
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void print(NodeEvent e, PrintWriter out) {
        if (json.enabled()) {
            JsonOption.print(out, e);
        } else {
            out.println(format(e));
        }
    }

    static String format(NodeEvent e) {
        StringBuilder line = new StringBuilder().append(Instant.ofEpochMilli(e.timestampMs())).append(' ')
                .append(e.node()).append(' ').append(e.group() == null ? "-" : e.group()).append(' ').append(e.type());
        for (Map.Entry<String, Object> d : new TreeMap<>(e.details() == null ? Map.<String, Object>of() : e.details()).entrySet()) {
            line.append(' ').append(d.getKey()).append('=').append(d.getValue());
        }
        return line.toString();
    }
}
