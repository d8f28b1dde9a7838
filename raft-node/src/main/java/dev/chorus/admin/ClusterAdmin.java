package dev.chorus.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.client.ChorusException;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.config.NodeSpec;
import dev.chorus.protocol.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Cluster-wide operator actions over the nodes' admin APIs, shared by the CLI and the dashboard: telling every
 * node (faults, failpoints), finding and following a group's leader (membership, leader transfer), hosting replicas.
 */
public final class ClusterAdmin {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(35);
    private static final Duration LEADER_SEARCH = Duration.ofSeconds(30);
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(70);

    private final ClusterConfig cluster;
    private final AdminClient admin;
    private final ClusterStatusCollector statuses;

    public ClusterAdmin(ClusterConfig cluster) throws ConfigException {
        this.cluster = cluster;
        this.admin = new AdminClient(cluster);
        this.statuses = new ClusterStatusCollector(cluster, Duration.ofSeconds(2));
    }

    /** Which nodes took a broadcast request, and which could not be reached. */
    public record Broadcast(List<String> told, List<String> missed) {
        public String summary() {
            return "OK (" + String.join(", ", told) + ")" + (missed.isEmpty() ? ""
                    : "; not told (unreachable): " + String.join(", ", missed));
        }
    }

    public NodeSpec node(String id) {
        return cluster.node(id).orElseThrow(() -> new IllegalArgumentException("unknown node '" + id + "' (known: "
                + cluster.nodes().stream().map(NodeSpec::id).toList() + ")"));
    }

    public void requireGroup(String id) {
        cluster.requireGroup(id);
    }

    /**
     * The nodes that host a replica of the group now (membership changes move replicas away from the cluster
     * file's list); the cluster file's list when no node answers.
     */
    public List<String> currentReplicas(String group) {
        ClusterStatus status = statuses.collect();
        if (status.nodes().stream().noneMatch(ClusterStatus.NodeEntry::up)) {
            return cluster.requireGroup(group).replicas();
        }
        return status.groups().stream().filter(g -> g.id().equals(group)).findFirst()
                .map(g -> g.replicas().stream().map(r -> r.node()).toList()).orElse(List.of());
    }

    /** One replica's answer to "snapshot now": what it did and the applied index the snapshot covers, or why not. */
    public record SnapshotResult(String node, String result, String appliedIndex, String error) {
    }

    /** Snapshots {@code group} on every replica it has now, or only on {@code onlyNode}. */
    public List<SnapshotResult> snapshot(String group, String onlyNode) {
        requireGroup(group);
        List<String> hosting = currentReplicas(group);
        if (onlyNode != null && !hosting.contains(onlyNode)) {
            throw new IllegalArgumentException("node '" + onlyNode + "' holds no replica of " + group + " (replicas: " + hosting + ")");
        }
        List<SnapshotResult> out = new ArrayList<>();
        for (String n : onlyNode == null ? hosting : List.of(onlyNode)) {
            try {
                JsonNode r = admin.send(node(n), "POST", "/groups/" + group + "/snapshot", Map.of(), SNAPSHOT_TIMEOUT);
                out.add(new SnapshotResult(n, r.path("result").asText(), r.path("appliedIndex").asText("?"), null));
            } catch (ChorusException e) {
                out.add(new SnapshotResult(n, null, null, e.getMessage()));
            }
        }
        return out;
    }

    /**
     * Sends one request to every node (or only {@code onlyNode}). A refusal (4xx) is the same everywhere and is
     * thrown; unreachable nodes are reported. Fails if no node at all answered.
     */
    public Broadcast broadcast(String method, String path, Map<String, Object> body, String onlyNode) {
        List<NodeSpec> targets = onlyNode == null ? cluster.nodes() : List.of(node(onlyNode));
        List<String> told = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (NodeSpec n : targets) {
            try {
                admin.send(n, method, path, body, Duration.ofSeconds(5));
                told.add(n.id());
            } catch (AdminClient.AdminError e) {
                throw e;
            } catch (ChorusException e) {
                missed.add(n.id());
            }
        }
        if (told.isEmpty()) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "no node answered on its admin address");
        }
        return new Broadcast(told, missed);
    }

    /** Sends a request to the leader of {@code group}, following leader changes for up to 30 s. */
    public JsonNode toLeader(String group, String method, String path, Map<String, Object> body) {
        requireGroup(group);
        long deadline = System.nanoTime() + LEADER_SEARCH.toNanos();
        String last = "no leader";
        while (System.nanoTime() < deadline) {
            String leader = leaderOf(group);
            if (leader != null) {
                try {
                    return admin.send(node(leader), method, path, body, REQUEST_TIMEOUT);
                } catch (AdminClient.AdminError e) {
                    if (e.status() != 409 || !e.getMessage().contains("not the leader")) {
                        throw e;
                    }
                    last = e.getMessage();
                } catch (ChorusException e) {
                    last = e.getMessage();
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new ChorusException(ErrorCode.TIMEOUT, "could not reach the leader of " + group + ": " + last);
    }

    /** The group's leader as the nodes report it now, or null. */
    public String leaderOf(String group) {
        return statuses.collect().groups().stream().filter(g -> g.id().equals(group)).findFirst()
                .map(ClusterStatus.GroupEntry::leader).orElse(null);
    }

    public JsonNode send(String node, String method, String path, Map<String, Object> body) {
        return admin.send(node(node), method, path, body, REQUEST_TIMEOUT);
    }

    /** Starts an empty replica of {@code group} on {@code node}, then has the leader add it (voter or learner). */
    public void addMember(String group, String node, boolean learner) {
        requireGroup(group);
        try {
            send(node, "POST", "/groups/" + group + "/replica", Map.of());
        } catch (AdminClient.AdminError e) {
            if (e.status() != 409) {
                throw e; // 409: the node already hosts a replica (e.g. a previous add that failed later)
            }
        }
        Map<String, Object> body = new HashMap<>();
        body.put("node", node(node).id());
        body.put("learner", learner);
        toLeader(group, "POST", "/groups/" + group + "/members", body);
    }

    /** Has the leader remove {@code node} from {@code group}, then drops the node's replica; returns a warning or null. */
    public String removeMember(String group, String node) {
        node(node);
        toLeader(group, "DELETE", "/groups/" + group + "/members/" + node, Map.of());
        try {
            send(node, "DELETE", "/groups/" + group + "/replica", Map.of());
            return null;
        } catch (ChorusException e) {
            return node + " is no longer a member but its replica was not dropped: " + e.getMessage();
        }
    }

    /**
     * Turns learner {@code node} of {@code group} into a voter. jraft cannot change a learner into a voter in one
     * configuration change, and removing the learner then adding it as a voter hangs in jraft's catch-up once the
     * replica has applied the configuration without itself (reproduced by waiting 3 s between the two steps). So the
     * learner is removed, its replica re-created empty, and that replica added as a voter: it catches up by snapshot
     * and log like any new replica, which always works.
     */
    public void promote(String group, String node) {
        node(node);
        requireGroup(group);
        boolean learner = statuses.collect().groups().stream().filter(g -> g.id().equals(group))
                .flatMap(g -> g.replicas().stream()).anyMatch(r -> r.node().equals(node) && "LEARNER".equals(r.role()));
        if (!learner) {
            throw new AdminClient.AdminError(409, node + " is not a learner of " + group);
        }
        toLeader(group, "DELETE", "/groups/" + group + "/members/" + node, Map.of());
        send(node, "DELETE", "/groups/" + group + "/replica", Map.of());
        addMember(group, node, false);
    }
}
