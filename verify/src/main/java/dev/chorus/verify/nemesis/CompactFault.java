package dev.chorus.verify.nemesis;

import dev.chorus.admin.ClusterAdmin;

import java.util.Random;

/**
 * Snapshot and log compaction of a random group on its leader alone. A node's snapshot is its only compaction
 * (jraft drops the log up to the snapshot, less the cluster file's {@code snapshotLogIndexMargin}; there is no
 * separate compaction endpoint), so where {@code snapshot} compacts every replica alike, this one leaves the
 * followers' logs long and the leader's short: a follower that falls behind from now on (killed, cut off, newly
 * added) can no longer be sent the entries it misses and must install the leader's snapshot.
 */
public final class CompactFault implements Fault {
    @Override
    public String name() {
        return "compact";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        String group = Targets.any(cluster.groups(), random);
        String leader = cluster.leaderOf(group);
        if (leader == null) {
            return null;
        }
        ClusterAdmin.SnapshotResult r = cluster.snapshot(group, leader);
        return Injected.instant(group + " " + leader + ":" + (r.error() == null ? r.result() + " @" + r.appliedIndex() : "error " + r.error()));
    }
}
