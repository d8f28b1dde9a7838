package dev.chorus.node;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.entity.PeerId;
import dev.chorus.raft.GroupReplica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Moves each group's leadership to its preferred leader after the node starts, so a freshly started cluster has
 * leaders spread over the nodes. Only until this node has seen the preferred leader lead the group once, and only in
 * the first seconds after start: an operator's later transfer must stick.
 */
final class LeaderSpreading {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderSpreading.class);
    /** For this long after start, a leader hands its group to the group's preferred leader once that one is up. */
    static final long WINDOW_MS = 30_000;

    private final String selfId;
    private final Supplier<Collection<GroupReplica>> replicas;
    private final LongSupplier startedAtMs;
    /** Groups whose preferred leader has been seen leading since start: spreading is done for them. */
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    /** {@code startedAtMs} is read at each round: the window counts from the node's (latest) start. */
    LeaderSpreading(String selfId, Supplier<Collection<GroupReplica>> replicas, LongSupplier startedAtMs) {
        this.selfId = selfId;
        this.replicas = replicas;
        this.startedAtMs = startedAtMs;
    }

    /** {@code leaderId} (a node id, or null) was seen leading {@code replica}'s group. */
    void leaderSeen(GroupReplica replica, String leaderId) {
        if (leaderId != null && leaderId.equals(replica.spec().preferredLeader())) {
            done.add(replica.groupId());
        }
    }

    /** One round, run every second while the node runs: hands over the groups this node leads but should not. */
    void spreadOnce() {
        if (System.currentTimeMillis() - startedAtMs.getAsLong() > WINDOW_MS) {
            return;
        }
        for (GroupReplica r : replicas.get()) {
            String preferred = r.spec().preferredLeader();
            Node node = r.node();
            if (preferred == null || done.contains(r.groupId()) || preferred.equals(selfId) || node == null
                    || !node.isLeader()) {
                continue;
            }
            PeerId target = r.peerOf(preferred);
            if (target != null && node.listAlivePeers().contains(target)) {
                LOG.info("group {}: handing leadership to preferred leader {}", r.groupId(), preferred);
                node.transferLeadershipTo(target);
            }
        }
    }
}
