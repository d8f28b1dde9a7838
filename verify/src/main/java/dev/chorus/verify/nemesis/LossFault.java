package dev.chorus.verify.nemesis;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Drops a random 10–30 % of the Raft messages on every link of one random node, or (one time in three) on every
 * link of the cluster: a lossy network rather than a cut, so timeouts and retries fire while most messages pass.
 */
public final class LossFault implements Fault {
    @Override
    public String name() {
        return "loss";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        List<String> nodes = cluster.nodes();
        if (nodes.size() < 2) {
            return null;
        }
        double rate = (10 + random.nextInt(21)) / 100.0;
        boolean everyLink = random.nextInt(3) == 0;
        String node = everyLink ? null : Targets.any(nodes, random);
        // A drop fault covers both directions of its pair, so each pair is named once.
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                String a = nodes.get(i);
                String b = nodes.get(j);
                if (everyLink || a.equals(node) || b.equals(node)) {
                    cluster.addFault(Map.of("type", "drop", "from", a, "to", b, "rate", rate));
                }
            }
        }
        String where = everyLink ? "every link" : node;
        return new Injected(where + " " + Math.round(rate * 100) + "%", false, cluster::healNetwork);
    }
}
