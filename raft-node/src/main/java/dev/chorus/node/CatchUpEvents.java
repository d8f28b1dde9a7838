package dev.chorus.node;

import com.alipay.sofa.jraft.Node;
import dev.chorus.admin.NodeStatus;
import dev.chorus.events.EventLog;
import dev.chorus.events.NodeEvent;
import dev.chorus.raft.GroupReplica;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Records REPLICA_CAUGHT_UP when a follower or learner that lagged far behind (in a group this node leads) reaches
 * the leader's last index. Polled: jraft tells the leader nothing when a follower catches up.
 */
final class CatchUpEvents {
    /** Followers and learners that lag by more than this many entries are watched until they catch up. */
    static final long LAGGING_ENTRIES = 50;

    private final String selfId;
    private final Supplier<Collection<GroupReplica>> replicas;
    private final EventLog events;
    /** GROUP/NODE of the replicas seen lagging and not yet caught up. */
    private final Set<String> lagging = ConcurrentHashMap.newKeySet();

    CatchUpEvents(String selfId, Supplier<Collection<GroupReplica>> replicas, EventLog events) {
        this.selfId = selfId;
        this.replicas = replicas;
        this.events = events;
    }

    /** One look at every group this node leads; run every second while the node runs. */
    void check() {
        for (GroupReplica r : replicas.get()) {
            Node n = r.node();
            if (n == null || !n.isLeader()) {
                continue;
            }
            long last = n.getLastLogIndex();
            for (NodeStatus.ReplicaView v : r.view(selfId).replicas()) {
                for (NodeStatus.FollowerProgress f : v.followers()) {
                    String key = r.groupId() + "/" + f.node();
                    if (f.matchIndex() >= 0 && last - f.matchIndex() > LAGGING_ENTRIES) {
                        lagging.add(key);
                    } else if (f.matchIndex() >= last && lagging.remove(key)) {
                        events.record(r.groupId(), NodeEvent.Types.REPLICA_CAUGHT_UP, Map.of("node", f.node(), "index", last));
                    }
                }
            }
        }
    }
}
