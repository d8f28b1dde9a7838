package dev.chorus.metrics;

import dev.chorus.admin.NodeStatus;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A node's Prometheus metrics ({@code GET /metrics}), in a registry of its own (several nodes may share a JVM).
 * Raft positions are read from the node's status at scrape time; rates come from counters the node bumps as things
 * happen. All names start with {@code chorus_}; per-group series carry a {@code group} label.
 */
public final class NodeMetrics {
    private final CollectorRegistry registry = new CollectorRegistry();
    private final Counter appliedEntries = Counter.build("chorus_applied_entries_total",
            "Raft log entries applied to the state machine").labelNames("group").register(registry);
    private final Histogram applyBatchSeconds = Histogram.build("chorus_apply_batch_seconds",
            "Time to apply one batch of committed entries, RocksDB write included").labelNames("group")
            .buckets(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5).register(registry);
    private final Counter leaderChanges = Counter.build("chorus_leader_changes_total",
            "Times this node saw a group's leader change (elected, stepped down or following a new leader)")
            .labelNames("group").register(registry);
    private final Counter snapshots = Counter.build("chorus_snapshots_total",
            "Snapshots saved or installed by this node").labelNames("group", "kind").register(registry);
    private final Counter faultMessages = Counter.build("chorus_fault_messages_total",
            "Raft messages an injected fault dropped or delayed on this node").labelNames("action").register(registry);
    private final Counter requests = Counter.build("chorus_client_requests_total",
            "Client requests answered by this node").labelNames("group", "kind", "outcome").register(registry);

    /** Bytes on disk of one replica's Raft log and of its latest snapshot. */
    public record DiskUsage(long logBytes, long snapshotBytes) {
    }

    public NodeMetrics(Supplier<NodeStatus> status, Supplier<java.util.Map<String, DiskUsage>> disk) {
        registry.register(new RaftPositions(status));
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                GaugeMetricFamily log = new GaugeMetricFamily("chorus_raft_log_bytes",
                        "Bytes on disk of this replica's Raft log (shrinks when a snapshot compacts it)", List.of("group"));
                GaugeMetricFamily snap = new GaugeMetricFamily("chorus_snapshot_bytes",
                        "Bytes on disk of this replica's snapshots", List.of("group"));
                disk.get().forEach((group, usage) -> {
                    log.addMetric(List.of(group), usage.logBytes());
                    snap.addMetric(List.of(group), usage.snapshotBytes());
                });
                return List.of(log, snap);
            }
        });
    }

    /** The node's registry: node extensions register their own metrics here. */
    public CollectorRegistry registry() {
        return registry;
    }

    public void applied(String group, int entries, long nanos) {
        appliedEntries.labels(group).inc(entries);
        applyBatchSeconds.labels(group).observe(nanos / 1e9);
    }

    public void leaderChanged(String group) {
        leaderChanges.labels(group).inc();
    }

    public void snapshot(String group, String kind) {
        snapshots.labels(group, kind).inc();
    }

    /** {@code action} is dropped or delayed. */
    public void faultMessage(String action) {
        faultMessages.labels(action).inc();
    }

    /** {@code kind} is read or write; {@code outcome} ok or an error code name. */
    public void request(String group, String kind, String outcome) {
        requests.labels(group, kind, outcome).inc();
    }

    /** The metrics in Prometheus text format 0.0.4. */
    public String scrape() {
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Gauges read from the node's status at scrape time, so they can never drift from what /status shows. */
    private static final class RaftPositions extends Collector {
        private final Supplier<NodeStatus> status;

        RaftPositions(Supplier<NodeStatus> status) {
            this.status = status;
        }

        @Override
        public List<MetricFamilySamples> collect() {
            List<String> labels = List.of("group");
            GaugeMetricFamily term = new GaugeMetricFamily("chorus_raft_term", "Current Raft term of this replica", labels);
            GaugeMetricFamily leader = new GaugeMetricFamily("chorus_raft_is_leader", "1 if this replica leads its group", labels);
            GaugeMetricFamily last = new GaugeMetricFamily("chorus_raft_last_log_index", "Last index in this replica's log", labels);
            GaugeMetricFamily committed = new GaugeMetricFamily("chorus_raft_committed_index", "Highest index known committed", labels);
            GaugeMetricFamily applied = new GaugeMetricFamily("chorus_raft_applied_index", "Highest index applied to the store", labels);
            GaugeMetricFamily size = new GaugeMetricFamily("chorus_state_bytes", "Approximate size of the replica's data", labels);
            for (NodeStatus.GroupView g : status.get().groups()) {
                for (NodeStatus.ReplicaView r : g.replicas()) {
                    List<String> v = List.of(g.id());
                    term.addMetric(v, r.term());
                    leader.addMetric(v, "LEADER".equals(r.role()) ? 1 : 0);
                    last.addMetric(v, r.lastLogIndex());
                    committed.addMetric(v, r.committedIndex());
                    applied.addMetric(v, r.appliedIndex());
                    size.addMetric(v, r.stateBytes());
                }
            }
            return new ArrayList<>(List.of(term, leader, last, committed, applied, size));
        }
    }
}
