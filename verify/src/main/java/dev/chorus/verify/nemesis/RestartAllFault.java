package dev.chorus.verify.nemesis;

import java.util.List;
import java.util.Random;

/** kill -9 of every running node, then starting them all again at once: a whole-cluster crash and recovery. */
public final class RestartAllFault implements Fault {
    @Override
    public String name() {
        return "restart-all";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) throws Exception {
        List<String> nodes = Targets.running(cluster);
        if (nodes.isEmpty()) {
            return null;
        }
        for (String n : nodes) {
            cluster.processes().kill(n);
        }
        // Instant: the schedule heals (starts them) right away; a start that fails is retried by the final heal.
        return new Injected(String.join(" ", nodes), true, () -> {
            for (String n : nodes) {
                if (!cluster.processes().running(n)) {
                    cluster.processes().start(n);
                }
            }
        });
    }
}
