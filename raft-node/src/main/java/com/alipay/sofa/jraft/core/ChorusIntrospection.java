package com.alipay.sofa.jraft.core;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.ReplicatorGroup;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.util.ThreadId;

import java.lang.reflect.Field;

/**
 * Read-only views of jraft state that its public API does not expose: a node's current term (package-private
 * {@code NodeImpl.getCurrentTerm}), its configuration and, on a leader, each follower's next index. Lives in jraft's package for the
 * first; the second needs the private replicator group. Every method degrades to -1 instead of failing, because
 * status must never break a node.
 */
public final class ChorusIntrospection {
    private static final Field REPLICATOR_GROUP = field("replicatorGroup");
    private static final Field CONF = field("conf");

    private ChorusIntrospection() {
    }

    public static long currentTerm(Node node) {
        return node instanceof NodeImpl impl ? impl.getCurrentTerm() : -1;
    }

    /** The leader's next index for {@code peer}, or -1 when unknown (not leader, peer never reached). */
    public static long nextIndex(Node node, PeerId peer) {
        if (REPLICATOR_GROUP == null || !(node instanceof NodeImpl)) {
            return -1;
        }
        try {
            ReplicatorGroup group = (ReplicatorGroup) REPLICATOR_GROUP.get(node);
            ThreadId id = group == null ? null : group.getReplicator(peer);
            if (id == null) {
                return -1;
            }
            long next = Replicator.getNextIndex(id);
            return next == 0 ? -1 : next;
        } catch (IllegalAccessException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The node's current configuration (voters and learners) as the node itself knows it, on any replica, or null.
     * The state machine cannot tell: jraft reports only voters, and only for joint-consensus entries.
     */
    public static com.alipay.sofa.jraft.conf.Configuration configuration(Node node) {
        if (CONF == null || !(node instanceof NodeImpl)) {
            return null;
        }
        try {
            com.alipay.sofa.jraft.conf.ConfigurationEntry entry = (com.alipay.sofa.jraft.conf.ConfigurationEntry) CONF.get(node);
            return entry == null ? null : entry.getConf().copy();
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(String name) {
        try {
            Field f = NodeImpl.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
