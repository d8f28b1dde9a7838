package dev.chorus.gui.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chorus.admin.AdminServer;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.admin.NodeFanout;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.events.NodeEvent;
import dev.chorus.txn.node.TxnsCollector;
import dev.chorus.txn.saga.SagaLog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls every node on a background thread and hands each {@link Tick} to a consumer. All requests of a tick run in
 * parallel with a short timeout, so a dead or paused node is reported unreachable within {@link #NODE_TIMEOUT} and
 * never delays what the other nodes say.
 */
public final class ClusterPoller implements AutoCloseable {
    public static final Duration NODE_TIMEOUT = Duration.ofMillis(800);
    private static final int METRICS_EVERY_TICKS = 2;

    private final ClusterConfig cluster;
    private final NodeControl control;
    private final Consumer<Tick> sink;
    private final ClusterStatusCollector statuses;
    private final TxnsCollector txns;
    private final NodeFanout fanout;
    private final Map<String, Long> lastEventSeq = new ConcurrentHashMap<>();
    private final Map<String, Long> lastPid = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chorus-gui-poller");
        t.setDaemon(true);
        return t;
    });
    private long ticks;

    public ClusterPoller(ClusterConfig cluster, NodeControl control, Consumer<Tick> sink) {
        this.cluster = cluster;
        this.control = control;
        this.sink = sink;
        this.statuses = new ClusterStatusCollector(cluster, NODE_TIMEOUT);
        this.txns = new TxnsCollector(cluster, NODE_TIMEOUT);
        this.fanout = new NodeFanout(cluster, NODE_TIMEOUT);
    }

    public void start(Duration period) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                sink.accept(poll());
            } catch (RuntimeException e) {
                // a tick that failed as a whole is skipped; the next one starts afresh
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Tick poll() {
        long now = System.currentTimeMillis();
        List<ClusterStatusCollector.NodeReport> r = statuses.pollNodes();
        for (ClusterStatusCollector.NodeReport report : r) {
            if (report.status() != null) {
                // A restarted node numbers its events from 1 again: read its stream from the start.
                Long before = lastPid.put(report.spec().id(), report.status().node().pid());
                if (before != null && before != report.status().node().pid()) {
                    lastEventSeq.remove(report.spec().id());
                }
            }
        }
        CompletableFuture<TxnsCollector.Snapshot> txnSnapshot = CompletableFuture.supplyAsync(txns::collect);
        CompletableFuture<List<NodeEvent>> events = pollEvents();
        CompletableFuture<List<SagaLog>> sagas = pollSagas();
        boolean scrape = ticks++ % METRICS_EVERY_TICKS == 0;
        CompletableFuture<Map<String, List<PromText.Sample>>> metrics = scrape ? scrapeMetrics() : CompletableFuture.completedFuture(Map.of());
        Map<String, String> processes;
        try {
            processes = control.processStates();
        } catch (RuntimeException e) {
            processes = Map.of();
        }
        return new Tick(now, r, ClusterStatusCollector.merge(cluster, r), processes, txnSnapshot.join(), events.join(), metrics.join(),
                sagas.join());
    }

    private CompletableFuture<List<NodeEvent>> pollEvents() {
        List<CompletableFuture<List<NodeEvent>>> parts = new ArrayList<>();
        for (NodeSpec n : cluster.nodes()) {
            long since = lastEventSeq.getOrDefault(n.id(), 0L);
            parts.add(get(n, "/events?follow=false&since=" + since).thenApply(body -> {
                if (body == null) {
                    return List.<NodeEvent>of();
                }
                try {
                    List<NodeEvent> list = AdminServer.JSON.readValue(body, new TypeReference<List<NodeEvent>>() {
                    });
                    if (!list.isEmpty()) {
                        lastEventSeq.put(n.id(), list.get(list.size() - 1).seq());
                    }
                    return list;
                } catch (java.io.IOException e) {
                    return List.<NodeEvent>of();
                }
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<NodeEvent> all = new ArrayList<>();
            parts.forEach(p -> all.addAll(p.join()));
            all.sort(Comparator.comparingLong(NodeEvent::timestampMs));
            return all;
        });
    }

    /** Sagas from every node's {@code GET /sagas} (each lists the logs in the groups it leads), newest first. */
    private CompletableFuture<List<SagaLog>> pollSagas() {
        List<CompletableFuture<List<SagaLog>>> parts = new ArrayList<>();
        for (NodeSpec n : cluster.nodes()) {
            parts.add(get(n, "/sagas").thenApply(body -> {
                if (body == null) {
                    return List.<SagaLog>of();
                }
                try {
                    com.fasterxml.jackson.databind.JsonNode json = AdminServer.JSON.readTree(body).path("sagas");
                    return AdminServer.JSON.convertValue(json, new TypeReference<List<SagaLog>>() {
                    });
                } catch (java.io.IOException | IllegalArgumentException e) {
                    return List.<SagaLog>of();
                }
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, SagaLog> byId = new LinkedHashMap<>();
            parts.forEach(p -> p.join().forEach(l -> byId.merge(l.id(), l, (a, b) -> a.updatedMs() >= b.updatedMs() ? a : b)));
            List<SagaLog> out = new ArrayList<>(byId.values());
            out.sort(Comparator.comparing((SagaLog l) -> l.state().isFinal()).thenComparing(SagaLog::updatedMs, Comparator.reverseOrder()));
            return out;
        });
    }

    private CompletableFuture<Map<String, List<PromText.Sample>>> scrapeMetrics() {
        Map<String, CompletableFuture<String>> parts = new LinkedHashMap<>();
        for (NodeSpec n : cluster.nodes()) {
            parts.put(n.id(), get(n, "/metrics"));
        }
        return CompletableFuture.allOf(parts.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, List<PromText.Sample>> out = new HashMap<>();
            parts.forEach((node, f) -> {
                String body = f.join();
                if (body != null) {
                    out.put(node, PromText.parse(body));
                }
            });
            return out;
        });
    }

    private CompletableFuture<String> get(NodeSpec n, String path) {
        return fanout.get(n, path, body -> new String(body, StandardCharsets.UTF_8)).thenApply(NodeFanout.Answer::value);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
