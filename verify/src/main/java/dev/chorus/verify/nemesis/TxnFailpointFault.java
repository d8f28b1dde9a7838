package dev.chorus.verify.nemesis;

import dev.chorus.admin.AdminClient;
import dev.chorus.client.ChorusException;
import dev.chorus.faults.Failpoints;
import dev.chorus.txn.coordinator.CoordinatorFailpoints;

import java.util.List;
import java.util.Random;

/**
 * Arms one two-phase-commit crash failpoint on a random node, so that the next transaction through it crashes the
 * node at that step: a coordinator after the first prepare, after every prepare or after the decision, or a
 * participant group's leader after applying a prepare. The heal disarms it if it did not fire, and starts the node
 * again if it did (a fired failpoint halts the node, like kill -9, and a restarted node has none armed).
 *
 * <p>A node without the transaction layer does not know the coordinator's failpoints (400): the participant's,
 * built into every node, is armed instead. Clusters without fault injection cannot arm any, so the fault is left out.
 */
public final class TxnFailpointFault implements Fault {
    static final List<String> FAILPOINTS = List.of(CoordinatorFailpoints.AFTER_FIRST_PREPARE,
            CoordinatorFailpoints.AFTER_ALL_PREPARED, CoordinatorFailpoints.AFTER_DECISION, Failpoints.PARTICIPANT_AFTER_PREPARE);

    @Override
    public String name() {
        return "txn-failpoint";
    }

    @Override
    public boolean supported(ClusterControl cluster) {
        return cluster.faultInjection();
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        String node = Targets.any(Targets.running(cluster), random);
        if (node == null) {
            return null;
        }
        String failpoint = Targets.any(FAILPOINTS, random);
        try {
            cluster.armFailpoint(node, failpoint);
        } catch (AdminClient.AdminError e) {
            if (e.status() != 400 || failpoint.equals(Failpoints.PARTICIPANT_AFTER_PREPARE)) {
                throw e;
            }
            failpoint = Failpoints.PARTICIPANT_AFTER_PREPARE;
            cluster.armFailpoint(node, failpoint);
        }
        String armed = failpoint;
        return new Injected(node + " " + armed, false, () -> heal(cluster, node, armed));
    }

    private static void heal(ClusterControl cluster, String node, String failpoint) throws Exception {
        ProcessControl processes = cluster.processes();
        if (processes.paused(node)) {
            // Stacked with pause: neither clearing nor starting can work now; retried after the pause's own heal.
            throw new IllegalStateException(node + " is paused; its failpoint is cleared once it resumes");
        }
        if (processes.running(node)) {
            try {
                cluster.clearFailpoint(node, failpoint);
            } catch (ChorusException e) {
                if (processes.running(node)) {
                    throw e;
                }
                // It fired while we asked: it is down now, and starts without it below.
            }
        }
        if (!processes.running(node)) {
            processes.start(node);
        }
    }
}
