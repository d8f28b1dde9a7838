package dev.chorus.verify.nemesis;

import dev.chorus.admin.ClusterAdmin;
import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What the nemesis can do to a cluster: network faults, leader transfers, snapshots, membership changes and
 * failpoints over the nodes' admin APIs ({@link ClusterAdmin}, as {@code chorus fault}, {@code chorus leader
 * transfer}, {@code chorus snapshot}, {@code chorus member} and {@code chorus failpoint} do), and processes through a
 * {@link ProcessControl}.
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

    /** Whether the nodes accept fault injection at all (link faults and failpoints: the cluster file's switch). */
    public boolean faultInjection() {
        return config.faultInjection();
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

    public ClusterAdmin.SnapshotResult snapshot(String group, String node) {
        return admin.snapshot(group, node).get(0);
    }

    /**
     * The group's members (voters and learners) in its leader's configuration, leader first; null while it has no
     * leader. Unlike {@link #replicas}, a node that was removed but still hosts its old replica is not a member.
     */
    public List<String> members(String group) {
        ClusterStatus status = statuses.collect();
        return status.groups().stream().filter(g -> g.id().equals(group) && g.leader() != null).findFirst()
                .flatMap(g -> g.replicas().stream().filter(r -> r.node().equals(g.leader()) && "LEADER".equals(r.role()))
                        .findFirst())
                .map(leader -> {
                    List<String> out = new ArrayList<>(List.of(leader.node()));
                    if (leader.followers() != null) {
                        leader.followers().forEach(f -> out.add(f.node()));
                    }
                    return List.copyOf(out);
                })
                .orElse(null);
    }

    /** As {@code chorus member remove}: returns a warning (e.g. the replica was not dropped) or null. */
    public String removeMember(String group, String node) {
        return admin.removeMember(group, node);
    }

    /** As {@code chorus member add} (a voter): an empty replica on {@code node}, then the leader adds it. */
    public void addMember(String group, String node) {
        admin.addMember(group, node, false);
    }

    /** Stops {@code node}'s replica of {@code group} and deletes its data (it must no longer be a member). */
    public void dropReplica(String group, String node) {
        admin.send(node, "DELETE", "/groups/" + group + "/replica", Map.of());
    }

    /** Arms failpoint {@code name} on {@code node} only (as {@code chorus failpoint set NAME --node NODE}). */
    public void armFailpoint(String node, String name) {
        admin.broadcast("POST", "/failpoints", Map.of("name", name), node);
    }

    public void clearFailpoint(String node, String name) {
        admin.broadcast("DELETE", "/failpoints", Map.of("name", name), node);
    }

    /** The failpoints armed on {@code node} now, as its {@code GET /status} lists them. */
    public List<String> armedFailpoints(String node) {
        List<String> out = new ArrayList<>();
        JsonNode status = admin.send(node, "GET", "/status", Map.of());
        status.path("failpoints").forEach(f -> out.add(f.asText()));
        return out;
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
