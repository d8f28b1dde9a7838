package dev.chorus.txn;

import dev.chorus.participant.TxnParticipant;
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
                n += TxnParticipant.locks(r.store(), 10_000).size();
            }
        }
        return n;
    }

    static void awaitNoLocks(TestCluster cluster, Duration within) {
        Await.until("no transaction locks left on any replica", within, () -> locksEverywhere(cluster) == 0,
                cluster::describe);
    }

    /** Waits until every running replica of {@code group} holds the same data, and returns it. */
    static Map<String, String> converged(TestCluster cluster, String group) {
        return Await.value("replicas of " + group + " converge", TestCluster.WAIT, () -> {
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
