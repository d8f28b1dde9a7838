package dev.chorus.gui.vm;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.NodeStatus;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.faults.LinkFault;
import dev.chorus.gui.model.ProcessStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a poll of the cluster into what the views draw: node cards, links and the groups × replicas matrix. Pure
 * functions of their inputs, no JavaFX, so they are unit-tested without a screen.
 */
public final class ClusterViewModel {
    /** Lag (entries) that fills a lag bar; a bigger lag shows a full bar and its number. */
    public static final long LAG_BAR_FULL = 200;

    private ClusterViewModel() {
    }

    public record NodeCard(String id, NodeHealth health, Long uptimeMs, int leads, String detail) {
    }

    public record Link(String a, String b, String state, String label) {
        public boolean healthy() {
            return state.equals("ok");
        }
    }

    public record ReplicaCell(String group, String node, String role, long term, long lastLogIndex, long committedIndex,
                              long appliedIndex, long lag, double lagFraction, boolean leader) {
    }

    public static List<NodeCard> nodeCards(ClusterConfig cluster, ClusterStatus status, Map<String, ProcessStatus> processes) {
        Map<String, Integer> leads = new HashMap<>();
        for (ClusterStatus.GroupEntry g : status.groups()) {
            if (g.leader() != null) {
                leads.merge(g.leader(), 1, Integer::sum);
            }
        }
        List<NodeCard> out = new ArrayList<>();
        for (NodeSpec n : cluster.nodes()) {
            ClusterStatus.NodeEntry e = status.nodes().stream().filter(x -> x.id().equals(n.id())).findFirst().orElse(null);
            ProcessStatus process = processes.getOrDefault(n.id(), ProcessStatus.UNKNOWN);
            NodeHealth health;
            String detail;
            if ("PAUSED".equals(process.state())) {
                health = NodeHealth.PAUSED;
                detail = "process stopped (SIGSTOP)";
            } else if ((e == null || !e.up()) && "STOPPED".equals(process.state())) {
                health = process.failedToStart() ? NodeHealth.FAILED_TO_START : NodeHealth.DOWN;
                detail = process.exitCause() == null ? "no process"
                        : process.failedToStart() ? process.exitCause() : "exited: " + process.exitCause();
            } else if (e == null || !e.up()) {
                health = NodeHealth.UNREACHABLE;
                detail = e == null || e.error() == null ? "no answer" : e.error();
            } else if (isolated(n.id(), cluster, status.faults())) {
                health = NodeHealth.ISOLATED;
                detail = "every Raft link cut";
            } else {
                health = NodeHealth.UP;
                detail = "";
            }
            out.add(new NodeCard(n.id(), health, e == null || !e.up() ? null : e.uptimeMs(), leads.getOrDefault(n.id(), 0), detail));
        }
        return out;
    }

    static boolean isolated(String node, ClusterConfig cluster, List<LinkFault> faults) {
        if (cluster.nodes().size() < 2) {
            return false;
        }
        for (NodeSpec other : cluster.nodes()) {
            if (other.id().equals(node)) {
                continue;
            }
            if (!cut(faults, node, other.id()) || !cut(faults, other.id(), node)) {
                return false;
            }
        }
        return true;
    }

    private static boolean cut(List<LinkFault> faults, String from, String to) {
        return faults.stream().anyMatch(f -> f.from().equals(from) && f.to().equals(to) && f.cut());
    }

    private static LinkFault find(List<LinkFault> faults, String from, String to) {
        return faults.stream().filter(f -> f.from().equals(from) && f.to().equals(to)).findFirst().orElse(null);
    }

    /** One entry per pair of nodes, with the worst fault on either direction. */
    public static List<Link> links(ClusterConfig cluster, List<LinkFault> faults) {
        List<Link> out = new ArrayList<>();
        List<NodeSpec> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                String a = nodes.get(i).id();
                String b = nodes.get(j).id();
                LinkFault ab = find(faults, a, b);
                LinkFault ba = find(faults, b, a);
                boolean abCut = ab != null && ab.cut();
                boolean baCut = ba != null && ba.cut();
                if (abCut && baCut) {
                    out.add(new Link(a, b, "cut", "cut"));
                } else if (abCut || baCut) {
                    out.add(new Link(a, b, "one-way", abCut ? a + "→" + b + " cut" : b + "→" + a + " cut"));
                } else {
                    LinkFault f = ab != null ? ab : ba;
                    if (f != null && f.dropRate() > 0) {
                        out.add(new Link(a, b, "lossy", "drop " + Math.round(f.dropRate() * 100) + "%"
                                + (f.delayMs() > 0 ? ", " + f.delayMs() + "ms" : "")));
                    } else if (f != null && (f.delayMs() > 0 || f.jitterMs() > 0)) {
                        out.add(new Link(a, b, "delayed", f.delayMs() + "ms" + (f.jitterMs() > 0 ? "±" + f.jitterMs() : "")));
                    } else {
                        out.add(new Link(a, b, "ok", ""));
                    }
                }
            }
        }
        return out;
    }

    /** Every replica of every group, in group then node order; lag relative to the group's leader. */
    public static List<ReplicaCell> matrix(ClusterStatus status) {
        List<ReplicaCell> out = new ArrayList<>();
        for (ClusterStatus.GroupEntry g : status.groups()) {
            for (NodeStatus.ReplicaView r : g.replicas()) {
                long lag = r.lag() == null ? 0 : r.lag();
                boolean leader = r.node().equals(g.leader()) && "LEADER".equals(r.role());
                out.add(new ReplicaCell(g.id(), r.node(), r.role(), r.term(), r.lastLogIndex(), r.committedIndex(),
                        r.appliedIndex(), lag, Math.min(1.0, lag / (double) LAG_BAR_FULL), leader));
            }
        }
        return out;
    }
}
