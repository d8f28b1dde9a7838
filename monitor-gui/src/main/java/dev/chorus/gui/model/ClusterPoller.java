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
 * Polls every node on a background thread and hands each {@link Tick} to a consumer. A tick's requests run in
 * parallel with a short timeout (only the event poll waits for the statuses, and skips nodes that did not answer),
 * so a dead or paused node is reported unreachable within {@link #NODE_TIMEOUT} and delays a tick by at most that.
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
        // Everything that does not depend on this tick's statuses goes out first: a dead node then costs one
        // timeout per tick, not one per kind of request.
        CompletableFuture<TxnsCollector.Snapshot> txnSnapshot = CompletableFuture.supplyAsync(txns::collect);
        CompletableFuture<List<SagaLog>> sagas = pollSagas();
        boolean scrape = ticks++ % METRICS_EVERY_TICKS == 0;
        CompletableFuture<Map<String, List<PromText.Sample>>> metrics = scrape ? scrapeMetrics() : CompletableFuture.completedFuture(Map.of());
        List<ClusterStatusCollector.NodeReport> r = statuses.pollNodes();
        List<NodeSpec> answering = new ArrayList<>();
        for (ClusterStatusCollector.NodeReport report : r) {
            if (report.status() != null) {
                answering.add(report.spec());
                // A restarted node numbers its events from 1 again: read its stream from the start.
                Long before = lastPid.put(report.spec().id(), report.status().node().pid());
                if (before != null && before != report.status().node().pid()) {
                    lastEventSeq.remove(report.spec().id());
                }
            }
        }
        CompletableFuture<List<NodeEvent>> events = pollEvents(answering);
        Map<String, ProcessStatus> processes;
        try {
            processes = control.processStates();
        } catch (RuntimeException e) {
            processes = Map.of();
        }
        return new Tick(now, ClusterStatusCollector.merge(cluster, r), processes, txnSnapshot.join(), events.join(), metrics.join(),
                sagas.join());
    }

    /** New events of the nodes that answered this tick (the others have none to tell, or cannot tell them now). */
    private CompletableFuture<List<NodeEvent>> pollEvents(List<NodeSpec> nodes) {
        List<CompletableFuture<NodeFanout.Answer<List<NodeEvent>>>> parts = new ArrayList<>();
        for (NodeSpec n : nodes) {
            long since = lastEventSeq.getOrDefault(n.id(), 0L);
            parts.add(fanout.get(n, "/events?follow=false&since=" + since, body -> {
                List<NodeEvent> list = AdminServer.JSON.readValue(body, new TypeReference<List<NodeEvent>>() {
                });
                if (!list.isEmpty()) {
                    lastEventSeq.put(n.id(), list.get(list.size() - 1).seq());
                }
                return list;
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<NodeEvent> all = new ArrayList<>();
            parts.forEach(p -> all.addAll(valueOr(p.join(), List.of())));
            all.sort(Comparator.comparingLong(NodeEvent::timestampMs));
            return all;
        });
    }

    /** Sagas from every node's {@code GET /sagas} (each lists the logs in the groups it leads), newest first. */
    private CompletableFuture<List<SagaLog>> pollSagas() {
        return fanout.getAll("/sagas", body -> AdminServer.JSON.convertValue(AdminServer.JSON.readTree(body).path("sagas"),
                new TypeReference<List<SagaLog>>() {
                })).thenApply(answers -> {
            Map<String, SagaLog> byId = new LinkedHashMap<>();
            answers.forEach(a -> valueOr(a, List.<SagaLog>of())
                    .forEach(l -> byId.merge(l.id(), l, (x, y) -> x.updatedMs() >= y.updatedMs() ? x : y)));
            List<SagaLog> out = new ArrayList<>(byId.values());
            out.sort(SagaLog.LISTING_ORDER);
            return out;
        });
    }

    private CompletableFuture<Map<String, List<PromText.Sample>>> scrapeMetrics() {
        return fanout.getAll("/metrics", body -> PromText.parse(new String(body, StandardCharsets.UTF_8))).thenApply(answers -> {
            Map<String, List<PromText.Sample>> out = new HashMap<>();
            answers.stream().filter(a -> a.value() != null).forEach(a -> out.put(a.node().id(), a.value()));
            return out;
        });
    }

    private static <T> T valueOr(NodeFanout.Answer<T> answer, T otherwise) {
        return answer.value() != null ? answer.value() : otherwise;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
