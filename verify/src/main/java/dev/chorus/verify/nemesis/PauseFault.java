package dev.chorus.verify.nemesis;

import java.util.Random;

/** SIGSTOP of one running node (it stops dead, its connections stay open); healed by SIGCONT. */
public final class PauseFault implements Fault {
    @Override
    public String name() {
        return "pause";
    }

    @Override
    public boolean supported(ClusterControl cluster) {
        return cluster.processes().canPause();
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) throws Exception {
        String node = Targets.any(Targets.running(cluster), random);
        if (node == null) {
            return null;
        }
        cluster.processes().pause(node);
        return new Injected(node, false, () -> cluster.processes().resume(node));
    }
}
