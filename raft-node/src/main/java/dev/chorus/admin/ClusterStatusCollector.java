package dev.chorus.admin;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the cluster-wide {@link ClusterStatus} by polling every node's {@code GET /status} in parallel and merging
 * the answers. A node that does not answer within the timeout is reported {@code up:false}; it never delays the
 * others beyond that timeout.
 */
public final class ClusterStatusCollector {
    private final ClusterConfig cluster;
    private final NodeFanout fanout;

    public ClusterStatusCollector(ClusterConfig cluster, Duration timeout) {
        this.cluster = cluster;
        this.fanout = new NodeFanout(cluster, timeout);
    }

    /** One poll result: the node's status or the reason it has none. */
    public record NodeReport(NodeSpec spec, NodeStatus status, String error) {
    }

    public List<NodeReport> pollNodes() {
        return fanout.getAll("/status", body -> AdminServer.JSON.readValue(body, NodeStatus.class)).join().stream()
                .map(a -> new NodeReport(a.node(), a.value(), a.error())).toList();
    }

    public ClusterStatus collect() {
        return merge(cluster, pollNodes());
    }

    /**
     * Merges node reports into the cluster view. A group's leader is the replica reporting LEADER in the highest
     * term (a deposed leader cut off from the others may still believe it leads in an older term). Lag is the
     * leader's last log index minus the replica's.
     */
    public static ClusterStatus merge(ClusterConfig cluster, List<NodeReport> reports) {
        List<ClusterStatus.NodeEntry> nodes = new ArrayList<>();
        Map<String, List<NodeStatus.ReplicaView>> replicasByGroup = new LinkedHashMap<>();
        Map<String, Long> termByGroup = new HashMap<>();
        Map<String, dev.chorus.faults.LinkFault> faults = new java.util.TreeMap<>();
        for (NodeReport r : reports) {
            NodeSpec n = r.spec();
            boolean up = r.status() != null && r.status().node().up();
            nodes.add(new ClusterStatus.NodeEntry(n.id(), up, n.raftAddress(), n.adminAddress(),
                    r.status() == null ? null : r.status().node().pid(),
                    r.status() == null ? null : r.status().node().uptimeMs(), r.error()));
            if (r.status() == null) {
                continue;
            }
            if (r.status().faults() != null) {
                r.status().faults().forEach(f -> faults.putIfAbsent(f.from() + "->" + f.to(), f));
            }
            for (NodeStatus.GroupView g : r.status().groups()) {
                replicasByGroup.computeIfAbsent(g.id(), k -> new ArrayList<>()).addAll(g.replicas());
                termByGroup.merge(g.id(), g.term(), Math::max);
            }
        }
        List<ClusterStatus.GroupEntry> groups = new ArrayList<>();
        for (GroupSpec g : cluster.groups()) {
            List<NodeStatus.ReplicaView> replicas = replicasByGroup.getOrDefault(g.id(), List.of());
            NodeStatus.ReplicaView leader = replicas.stream().filter(x -> "LEADER".equals(x.role()))
                    .max(Comparator.comparingLong(NodeStatus.ReplicaView::term)).orElse(null);
            List<NodeStatus.ReplicaView> withLag = new ArrayList<>();
            for (NodeStatus.ReplicaView x : replicas) {
                Long lag = leader == null ? null : Math.max(0, leader.lastLogIndex() - x.lastLogIndex());
                withLag.add(new NodeStatus.ReplicaView(x.node(), x.role(), x.term(), x.lastLogIndex(), x.committedIndex(),
                        x.appliedIndex(), lag, x.stateBytes(), x.followers()));
            }
            withLag.sort(Comparator.comparing(NodeStatus.ReplicaView::node));
            groups.add(new ClusterStatus.GroupEntry(g.id(), new NodeStatus.RangeView(g.range().start(), g.range().end()),
                    leader == null ? null : leader.node(), termByGroup.getOrDefault(g.id(), 0L), withLag));
        }
        return new ClusterStatus(nodes, groups, List.copyOf(faults.values()));
    }

}
