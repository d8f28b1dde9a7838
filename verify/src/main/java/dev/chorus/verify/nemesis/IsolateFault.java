package dev.chorus.verify.nemesis;

import java.util.Map;
import java.util.Random;

/**
 * Cuts one node off from every other node (both directions): a random node ({@code isolate}), or the leader of a
 * random group ({@code isolate-leader}), which forces an election while the old leader may still believe it leads.
 */
public final class IsolateFault implements Fault {
    private final boolean leader;

    public IsolateFault(boolean leader) {
        this.leader = leader;
    }

    @Override
    public String name() {
        return leader ? "isolate-leader" : "isolate";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        String node;
        String detail;
        if (leader) {
            String group = Targets.any(cluster.groups(), random);
            node = cluster.leaderOf(group);
            detail = node + " (leader of " + group + ")";
        } else {
            node = Targets.any(cluster.nodes(), random);
            detail = node;
        }
        if (node == null) {
            return null;
        }
        cluster.addFault(Map.of("type", "isolate", "node", node));
        return new Injected(detail, false, cluster::healNetwork);
    }
}
