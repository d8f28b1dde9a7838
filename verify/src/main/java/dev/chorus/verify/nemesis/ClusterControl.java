package dev.chorus.verify.nemesis;

import dev.chorus.admin.ClusterAdmin;
import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What the nemesis can do to a cluster: network faults, leader transfers and snapshots over the nodes' admin APIs
 * ({@link ClusterAdmin}, as {@code chorus fault}, {@code chorus leader transfer} and {@code chorus snapshot} do),
 * and processes through a {@link ProcessControl}.
 */
public final class ClusterControl {
    private final ClusterConfig config;
    private final ClusterAdmin admin;
    private final ClusterStatusCollector statuses;
    private final ProcessControl processes;

    public ClusterControl(ClusterConfig config, ProcessControl processes) throws ConfigException {
        this.config = config;
        this.admin = new ClusterAdmin(config);
        this.statuses = new ClusterStatusCollector(config, Duration.ofSeconds(2));
        this.processes = processes;
    }

    public List<String> nodes() {
        return config.nodes().stream().map(NodeSpec::id).toList();
    }

    public List<String> groups() {
        return config.groups().stream().map(GroupSpec::id).toList();
    }

    public ProcessControl processes() {
        return processes;
    }

    /** The group's leader as the nodes report it now, or null. */
    public String leaderOf(String group) {
        return admin.leaderOf(group);
    }

    public List<String> replicas(String group) {
        return admin.currentReplicas(group);
    }

    /** Adds one link fault on every node that answers ({@code FaultAdmin}'s body: isolate, cut, delay, drop). */
    public void addFault(Map<String, Object> fault) {
        admin.broadcast("POST", "/faults", fault, null);
    }

    /** Heals every link fault on every node that answers. */
    public void healNetwork() {
        admin.broadcast("POST", "/faults/heal", Map.of(), null);
    }

    /** Asks the group's leader to hand leadership to {@code node}; does not wait for it to happen. */
    public void transferLeader(String group, String node) {
        admin.toLeader(group, "POST", "/groups/" + group + "/transfer-leader", Map.of("node", node));
    }

    public List<ClusterAdmin.SnapshotResult> snapshot(String group) {
        return admin.snapshot(group, null);
    }

    /** Polls until every group has a leader; false if {@code timeout} passed first. */
    public boolean awaitLeaders(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            ClusterStatus status = statuses.collect();
            if (!status.groups().isEmpty() && status.groups().stream().allMatch(g -> g.leader() != null)) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        } while (System.nanoTime() < deadline);
        return false;
    }
}
