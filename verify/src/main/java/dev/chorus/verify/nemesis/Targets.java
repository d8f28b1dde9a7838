package dev.chorus.verify.nemesis;

import java.util.List;
import java.util.Random;

/** Random choices of targets, shared by the faults. */
final class Targets {
    private Targets() {
    }

    /** A random element, or null when there is none. */
    static <T> T any(List<T> items, Random random) {
        return items.isEmpty() ? null : items.get(random.nextInt(items.size()));
    }

    static List<String> running(ClusterControl cluster) {
        return cluster.nodes().stream().filter(cluster.processes()::running).toList();
    }
}
