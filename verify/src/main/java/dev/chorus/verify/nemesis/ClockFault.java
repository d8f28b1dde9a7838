package dev.chorus.verify.nemesis;

import java.util.Random;

/** Shifts one node's wall clock by up to a minute either way; healed by setting it back. */
public final class ClockFault implements Fault {
    private static final int MAX_OFFSET_MS = 60_000;

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public boolean supported(ClusterControl cluster) {
        return cluster.processes().canSkewClocks();
    }

    @Override
    public String howToSupport() {
        return "start the cluster with scripts/start-cluster.sh --shiftable-clocks (needs the faketime package)";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        String node = Targets.any(cluster.nodes(), random);
        long offset = (random.nextBoolean() ? 1 : -1) * (1_000L + random.nextInt(MAX_OFFSET_MS));
        cluster.processes().skewClock(node, offset);
        return new Injected(node + " " + (offset > 0 ? "+" : "") + offset + "ms", false,
                () -> cluster.processes().skewClock(node, 0));
    }
}
