package dev.chorus.node;

import com.alipay.sofa.jraft.entity.PeerId;
import dev.chorus.events.EventLog;
import dev.chorus.events.NodeEvent;
import dev.chorus.faults.Failpoints;
import dev.chorus.metrics.NodeMetrics;
import dev.chorus.raft.GroupListener;
import dev.chorus.raft.GroupReplica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a node does when one of its replicas changes role, applies, snapshots or sees a transaction step: logs Raft
 * role changes (the node log is where an operator looks first), records events, counts metrics, tells leader
 * spreading who leads, and fires the participant failpoint. The node runs it off jraft's state-machine thread
 * ({@link dev.chorus.raft.ExecutorGroupListener} says why).
 */
final class NodeGroupListener implements GroupListener {
    private static final Logger LOG = LoggerFactory.getLogger(NodeGroupListener.class);

    private final String selfId;
    private final Function<String, GroupReplica> replicas;
    private final EventLog events;
    private final NodeMetrics metrics;
    private final LeaderSpreading spreading;
    /** The node's failpoints: they exist once it has started. */
    private final Supplier<Failpoints> failpoints;

    NodeGroupListener(String selfId, Function<String, GroupReplica> replicas, EventLog events, NodeMetrics metrics,
                      LeaderSpreading spreading, Supplier<Failpoints> failpoints) {
        this.selfId = selfId;
        this.replicas = replicas;
        this.events = events;
        this.metrics = metrics;
        this.spreading = spreading;
        this.failpoints = failpoints;
    }

    @Override
    public void leaderStarted(String groupId, long term) {
        LOG.info("node {} group {}: became leader in term {}", selfId, groupId, term);
        events.record(groupId, NodeEvent.Types.LEADER_ELECTED, Map.of("term", term));
        metrics.leaderChanged(groupId);
        GroupReplica r = replicas.apply(groupId);
        if (r != null) {
            spreading.leaderSeen(r, selfId);
        }
    }

    @Override
    public void leaderStopped(String groupId, String reason) {
        LOG.info("node {} group {}: stepped down ({})", selfId, groupId, reason);
        events.record(groupId, NodeEvent.Types.LEADER_STEPPED_DOWN, Map.of("reason", String.valueOf(reason)));
        metrics.leaderChanged(groupId);
    }

    @Override
    public void followingStarted(String groupId, String leader, long term) {
        GroupReplica r = replicas.apply(groupId);
        String leaderId = r == null || leader == null ? leader : r.nodeIdOf(PeerId.parsePeer(leader));
        LOG.info("node {} group {}: following {} in term {}", selfId, groupId, leaderId, term);
        if (r != null) {
            spreading.leaderSeen(r, leaderId);
        }
        events.record(groupId, NodeEvent.Types.FOLLOWING, Map.of("leader", String.valueOf(leaderId), "term", term));
        metrics.leaderChanged(groupId);
    }

    @Override
    public void applied(String groupId, int entries, long nanos) {
        metrics.applied(groupId, entries, nanos);
    }

    @Override
    public void snapshotSaved(String groupId, long index) {
        LOG.info("node {} group {}: snapshot saved at index {}", selfId, groupId, index);
        events.record(groupId, NodeEvent.Types.SNAPSHOT_SAVED, Map.of("index", index));
        metrics.snapshot(groupId, "saved");
    }

    @Override
    public void snapshotLoaded(String groupId, long index) {
        LOG.info("node {} group {}: snapshot loaded at index {}", selfId, groupId, index);
        events.record(groupId, NodeEvent.Types.SNAPSHOT_INSTALLED, Map.of("index", index));
        metrics.snapshot(groupId, "installed");
    }

    @Override
    public void configurationCommitted(String groupId, boolean leader, List<String> peers, List<String> learners) {
        if (!leader) {
            return;
        }
        GroupReplica r = replicas.apply(groupId);
        Function<String, String> id = a -> r == null ? a : r.nodeIdOf(PeerId.parsePeer(a));
        events.record(groupId, NodeEvent.Types.MEMBERSHIP_CHANGED, Map.of("peers", peers.stream().map(id).toList(),
                "learners", learners.stream().map(id).toList()));
    }

    @Override
    public void txnApplied(String groupId, boolean leader, String txnId, TxnStep step) {
        if (!leader) {
            return;
        }
        switch (step) {
            case PREPARED -> {
                events.record(groupId, NodeEvent.Types.TXN_PREPARED, Map.of("txn", txnId));
                participantAfterPrepare();
            }
            case COMMITTED -> events.record(groupId, NodeEvent.Types.TXN_COMMITTED, Map.of("txn", txnId));
            case ABORTED -> events.record(groupId, NodeEvent.Types.TXN_ABORTED, Map.of("txn", txnId));
            case COMPLETED_COMMIT, COMPLETED_ABORT -> events.record(groupId, NodeEvent.Types.TXN_COMPLETED,
                    Map.of("txn", txnId, "outcome", step == TxnStep.COMPLETED_COMMIT ? "COMMITTED" : "ABORTED"));
        }
    }

    /**
     * The participant failpoint: the leader crashes once it has applied a prepare (and answered it: the state machine
     * reports transaction steps after it ran the batch's closures).
     */
    private void participantAfterPrepare() {
        Failpoints fp = failpoints.get();
        if (fp != null) {
            try {
                fp.hit(Failpoints.PARTICIPANT_AFTER_PREPARE);
            } catch (Failpoints.Crashed e) {
                // In-process crash (tests): the node is being stopped; this thread goes on with later callbacks.
            }
        }
    }
}
