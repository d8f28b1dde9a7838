package dev.chorus.txn;

import dev.chorus.raft.GroupReplica;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;

import java.time.Duration;
import java.util.Map;

/** Checks shared by the transaction tests. */
final class TxnTestSupport {
    private TxnTestSupport() {
    }

    /** Number of locks held in every running replica of every group. */
    static int locksEverywhere(TestCluster cluster) {
        int n = 0;
        for (String node : cluster.runningNodes()) {
            for (GroupReplica r : cluster.node(node).replicas()) {
                n += r.txns().locks(10_000).size();
            }
        }
        return n;
    }

    /**
     * Waits until no replica holds a transaction lock and every replica has applied all its group committed. Locks
     * alone are not enough: survivors of a leader crash may not have applied the prepare yet, so "no locks" can hold
     * before the locks even appear.
     */
    static void awaitNoLocks(TestCluster cluster, Duration within) {
        Await.until("every replica caught up and no transaction locks left", within, () -> allCaughtUp(cluster)
                && locksEverywhere(cluster) == 0, cluster::describe);
    }

    private static boolean allCaughtUp(TestCluster cluster) {
        return cluster.config().groups().stream().allMatch(g -> cluster.caughtUp(g.id()));
    }

    /**
     * Waits until every running replica of {@code group} has applied all the group committed and holds the same
     * data, and returns it.
     */
    static Map<String, String> converged(TestCluster cluster, String group) {
        return Await.value("replicas of " + group + " converge", TestCluster.WAIT, () -> {
            if (!cluster.caughtUp(group)) {
                return null;
            }
            Map<String, String> first = null;
            for (String node : cluster.runningNodes()) {
                Map<String, String> c = cluster.contents(node, group);
                if (first == null) {
                    first = c;
                } else if (!first.equals(c)) {
                    return null;
                }
            }
            return first;
        });
    }
}
