package dev.chorus.gui.model;

import dev.chorus.admin.ClusterAdmin;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.config.NodeSpec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the dashboard's buttons do, each as one blocking call that returns a one-line result or throws with a
 * message fit to show (e.g. "fault injection is disabled for this cluster"). Called off the FX thread.
 */
public final class ClusterActions {
    private final ClusterConfig cluster;
    private final ClusterAdmin admin;
    private final NodeControl control;

    public ClusterActions(ClusterConfig cluster, NodeControl control) throws ConfigException {
        this.cluster = cluster;
        this.admin = new ClusterAdmin(cluster);
        this.control = control;
    }

    public String kill(String node) throws Exception {
        control.kill(node);
        return node + " killed (SIGKILL)";
    }

    public String restart(String node) throws Exception {
        control.restart(node);
        return node + " restarted";
    }

    public String pause(String node) throws Exception {
        control.pause(node);
        return node + " paused (SIGSTOP)";
    }

    public String resume(String node) throws Exception {
        control.resume(node);
        return node + " resumed (SIGCONT)";
    }

    public String isolate(String node) {
        return "isolated " + node + ": " + admin.broadcast("POST", "/faults", Map.of("type", "isolate", "node", node), null).summary();
    }

    /** Heals every link that touches {@code node}. */
    public String heal(String node) {
        for (NodeSpec other : cluster.nodes()) {
            if (!other.id().equals(node)) {
                admin.broadcast("POST", "/faults/heal", Map.of("from", node, "to", other.id()), null);
            }
        }
        return "healed every link of " + node;
    }

    /** Heals both directions of the link between {@code a} and {@code b}. */
    public String healLink(String a, String b) {
        return "healed " + a + " <-> " + b + ": " + admin.broadcast("POST", "/faults/heal", Map.of("from", a, "to", b), null).summary();
    }

    public String cut(String a, String b, boolean oneWay) {
        return "cut " + a + (oneWay ? " -> " : " <-> ") + b + ": " + admin.broadcast("POST", "/faults",
                Map.of("type", "cut", "from", a, "to", b, "oneWay", oneWay), null).summary();
    }

    public String delay(String a, String b, long ms, long jitterMs) {
        return "delay " + a + " <-> " + b + " " + ms + "ms: " + admin.broadcast("POST", "/faults",
                Map.of("type", "delay", "from", a, "to", b, "ms", ms, "jitterMs", jitterMs), null).summary();
    }

    public String drop(String a, String b, double rate) {
        return "drop " + a + " <-> " + b + " " + rate + ": " + admin.broadcast("POST", "/faults",
                Map.of("type", "drop", "from", a, "to", b, "rate", rate), null).summary();
    }

    /**
     * Resumes paused nodes, then heals every link fault and clears every failpoint. Resuming comes first: a paused
     * node cannot take the heal (each node enforces its own link faults), and would cost the broadcast a timeout.
     */
    public String healAll() throws Exception {
        StringBuilder resumed = new StringBuilder();
        for (Map.Entry<String, ProcessStatus> p : control.processStates().entrySet()) {
            if ("PAUSED".equals(p.getValue().state())) {
                control.resume(p.getKey());
                resumed.append("; resumed ").append(p.getKey());
            }
        }
        StringBuilder out = new StringBuilder("healed all links: ");
        out.append(admin.broadcast("POST", "/faults/heal", Map.of(), null).summary());
        admin.broadcast("DELETE", "/failpoints", Map.of(), null);
        return out.append(resumed).toString();
    }

    public String transferLeader(String group, String node) {
        admin.toLeader(group, "POST", "/groups/" + group + "/transfer-leader", Map.of("node", node));
        return group + ": leadership moving to " + node;
    }

    public String snapshot(String group) {
        Map<String, String> results = new LinkedHashMap<>();
        for (ClusterAdmin.SnapshotResult r : admin.snapshot(group, null)) {
            results.put(r.node(), r.error() != null ? r.error() : r.result() + " at index " + r.appliedIndex());
        }
        return group + " snapshot: " + results;
    }

    public String addMember(String group, String node, boolean learner) {
        admin.addMember(group, node, learner);
        return group + ": " + node + " added as " + (learner ? "learner" : "voter");
    }

    public String removeMember(String group, String node) {
        String warning = admin.removeMember(group, node);
        return group + ": " + node + " removed" + (warning == null ? "" : " (" + warning + ")");
    }

    public String promote(String group, String node) {
        admin.promote(group, node);
        return group + ": " + node + " promoted to voter";
    }

    public String armFailpoint(String name, String node) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        return "armed " + name + ": " + admin.broadcast("POST", "/failpoints", body, node).summary();
    }

    public String clearFailpoints() {
        return "cleared failpoints: " + admin.broadcast("DELETE", "/failpoints", Map.of(), null).summary();
    }
}
