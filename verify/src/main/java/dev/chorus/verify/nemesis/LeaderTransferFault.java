package dev.chorus.verify.nemesis;

import java.util.List;
import java.util.Random;

/** Asks a random group's leader to hand leadership to another replica (as {@code chorus leader transfer}). */
public final class LeaderTransferFault implements Fault {
    @Override
    public String name() {
        return "transfer";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        String group = Targets.any(cluster.groups(), random);
        String leader = cluster.leaderOf(group);
        List<String> others = cluster.replicas(group).stream().filter(n -> !n.equals(leader)).toList();
        String target = Targets.any(others, random);
        if (leader == null || target == null) {
            return null;
        }
        cluster.transferLeader(group, target);
        return Injected.instant(group + " " + leader + " -> " + target);
    }
}
