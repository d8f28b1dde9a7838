package dev.chorus.verify.nemesis;

import java.util.Random;

/** kill -9 of one running node; healed by starting it again (its data directory is kept). */
public final class KillFault implements Fault {
    @Override
    public String name() {
        return "kill";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) throws Exception {
        String node = Targets.any(Targets.running(cluster), random);
        if (node == null) {
            return null;
        }
        cluster.processes().kill(node);
        return new Injected(node, false, () -> cluster.processes().start(node));
    }
}
