package dev.chorus.verify.nemesis;

import java.util.Random;
import java.util.stream.Collectors;

/** Snapshots a random group on every replica, compacting its log (as {@code chorus snapshot}). */
public final class SnapshotFault implements Fault {
    @Override
    public String name() {
        return "snapshot";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        String group = Targets.any(cluster.groups(), random);
        String results = cluster.snapshot(group).stream()
                .map(r -> r.node() + ":" + (r.error() == null ? r.result() : "error"))
                .collect(Collectors.joining(" "));
        return Injected.instant(group + " " + results);
    }
}
