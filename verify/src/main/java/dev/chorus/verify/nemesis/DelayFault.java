package dev.chorus.verify.nemesis;

import java.util.Map;
import java.util.Random;

/** Slows every link of one node (both directions) by 50..250 ms with jitter: slow but connected, unlike a cut. */
public final class DelayFault implements Fault {
    @Override
    public String name() {
        return "delay";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        String node = Targets.any(cluster.nodes(), random);
        long ms = 50 + random.nextInt(200);
        for (String other : cluster.nodes()) {
            if (!other.equals(node)) {
                cluster.addFault(Map.of("type", "delay", "from", node, "to", other, "ms", ms, "jitterMs", ms / 2));
            }
        }
        return new Injected(node + " " + ms + "ms±" + ms / 2, false, cluster::healNetwork);
    }
}
