package dev.chorus.metrics;

import dev.chorus.admin.AdminServer;
import dev.chorus.admin.NodeStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A node's Prometheus metrics ({@code GET /metrics}), in a registry of its own (several nodes may share a JVM, so
 * never the client's default registry). Raft positions are read from the node's status at scrape time; rates come
 * from counters the node bumps as things happen. All names start with {@code chorus_}; per-group series carry a
 * {@code group} label.
 *
 * <p>Counters and histograms are built {@code withoutExemplars()}: text format 0.0.4 cannot carry exemplars, so
 * sampling them (a trace-context look-up on every increment) would be work for nothing.
 */
public final class NodeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter appliedEntries = Counter.builder().name("chorus_applied_entries_total")
            .help("Raft log entries applied to the state machine").labelNames("group").withoutExemplars()
            .register(registry);
    private final Histogram applyBatchSeconds = Histogram.builder().name("chorus_apply_batch_seconds")
            .help("Time to apply one batch of committed entries, RocksDB write included").labelNames("group")
            .classicOnly().classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5)
            .withoutExemplars().register(registry);
    private final Counter leaderChanges = Counter.builder().name("chorus_leader_changes_total")
            .help("Times this node saw a group's leader change (elected, stepped down or following a new leader)")
            .labelNames("group").withoutExemplars().register(registry);
    private final Counter snapshots = Counter.builder().name("chorus_snapshots_total")
            .help("Snapshots saved or installed by this node").labelNames("group", "kind").withoutExemplars()
            .register(registry);
    private final Counter faultMessages = Counter.builder().name("chorus_fault_messages_total")
            .help("Raft messages an injected fault dropped or delayed on this node").labelNames("action")
            .withoutExemplars().register(registry);
    private final Counter requests = Counter.builder().name("chorus_client_requests_total")
            .help("Client requests answered by this node").labelNames("group", "kind", "outcome").withoutExemplars()
            .register(registry);

    /** Bytes on disk of one replica's Raft log and of its latest snapshot. */
    public record DiskUsage(long logBytes, long snapshotBytes) {
    }

    public NodeMetrics(Supplier<NodeStatus> status, Supplier<Map<String, DiskUsage>> disk) {
        registry.register(new RaftPositions(status));
        registry.register(new DiskSizes(disk));
    }

    /** The node's registry: node extensions register their own metrics here. */
    public PrometheusRegistry registry() {
        return registry;
    }

    public void applied(String group, int entries, long nanos) {
        appliedEntries.labelValues(group).inc(entries);
        applyBatchSeconds.labelValues(group).observe(nanos / 1e9);
    }

    public void leaderChanged(String group) {
        leaderChanges.labelValues(group).inc();
    }

    public void snapshot(String group, String kind) {
        snapshots.labelValues(group, kind).inc();
    }

    /** {@code action} is dropped or delayed. */
    public void faultMessage(String action) {
        faultMessages.labelValues(action).inc();
    }

    /** {@code kind} is read or write; {@code outcome} ok or an error code name. */
    public void request(String group, String kind, String outcome) {
        requests.labelValues(group, kind, outcome).inc();
    }

    /** Serves {@code GET /metrics} on {@code admin}. */
    public void register(AdminServer admin) {
        admin.getRaw("/metrics", (exchange, query) -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", TextFormat004.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
    }

    /** The metrics in Prometheus text format 0.0.4 ({@link TextFormat004#CONTENT_TYPE}). */
    public String scrape() {
        return TextFormat004.write(registry.scrape());
    }

    /** A gauge family with one {@code group}-labelled point per entry of {@code values}. */
    private static GaugeSnapshot gauge(String name, String help, Map<String, ? extends Number> values) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        values.forEach((group, value) -> gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("group", group)).value(value.doubleValue()).build()));
        return gauge.build();
    }

    /** Gauges read from the node's status at scrape time, so they can never drift from what /status shows. */
    private static final class RaftPositions implements MultiCollector {
        private final Supplier<NodeStatus> status;

        RaftPositions(Supplier<NodeStatus> status) {
            this.status = status;
        }

        @Override
        public MetricSnapshots collect() {
            Map<String, Long> term = new LinkedHashMap<>();
            Map<String, Integer> leader = new LinkedHashMap<>();
            Map<String, Long> last = new LinkedHashMap<>();
            Map<String, Long> committed = new LinkedHashMap<>();
            Map<String, Long> applied = new LinkedHashMap<>();
            Map<String, Long> size = new LinkedHashMap<>();
            for (NodeStatus.GroupView g : status.get().groups()) {
                for (NodeStatus.ReplicaView r : g.replicas()) {
                    term.put(g.id(), r.term());
                    leader.put(g.id(), "LEADER".equals(r.role()) ? 1 : 0);
                    last.put(g.id(), r.lastLogIndex());
                    committed.put(g.id(), r.committedIndex());
                    applied.put(g.id(), r.appliedIndex());
                    size.put(g.id(), r.stateBytes());
                }
            }
            return MetricSnapshots.of(
                    gauge("chorus_raft_term", "Current Raft term of this replica", term),
                    gauge("chorus_raft_is_leader", "1 if this replica leads its group", leader),
                    gauge("chorus_raft_last_log_index", "Last index in this replica's log", last),
                    gauge("chorus_raft_committed_index", "Highest index known committed", committed),
                    gauge("chorus_raft_applied_index", "Highest index applied to the store", applied),
                    gauge("chorus_state_bytes", "Approximate size of the replica's data", size));
        }

        @Override
        public List<String> getPrometheusNames() {
            return List.of("chorus_raft_term", "chorus_raft_is_leader", "chorus_raft_last_log_index",
                    "chorus_raft_committed_index", "chorus_raft_applied_index", "chorus_state_bytes");
        }
    }

    /** Bytes on disk per replica, measured at scrape time. */
    private static final class DiskSizes implements MultiCollector {
        private final Supplier<Map<String, DiskUsage>> disk;

        DiskSizes(Supplier<Map<String, DiskUsage>> disk) {
            this.disk = disk;
        }

        @Override
        public MetricSnapshots collect() {
            Map<String, Long> log = new LinkedHashMap<>();
            Map<String, Long> snapshot = new LinkedHashMap<>();
            disk.get().forEach((group, usage) -> {
                log.put(group, usage.logBytes());
                snapshot.put(group, usage.snapshotBytes());
            });
            return MetricSnapshots.of(
                    gauge("chorus_raft_log_bytes",
                            "Bytes on disk of this replica's Raft log (shrinks when a snapshot compacts it)", log),
                    gauge("chorus_snapshot_bytes", "Bytes on disk of this replica's snapshots", snapshot));
        }

        @Override
        public List<String> getPrometheusNames() {
            return List.of("chorus_raft_log_bytes", "chorus_snapshot_bytes");
        }
    }
}
