package com.alipay.sofa.jraft.rpc.impl.core;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

/**
 * Forgets a group's pipelined append-entries state in a node's {@link AppendEntriesRequestProcessor}.
 *
 * <p>With the replicator pipeline, the processor numbers every incoming append-entries request per (group, peer pair)
 * and answers strictly in that order. The numbering lives in the processor (one per RPC server) and is reset only
 * when the connection closes. If a group's replica is shut down while the server keeps running (a membership change
 * dropping the replica) with a request in flight, that request is never answered, and every later answer to the
 * same leader for the same group, including to a new replica of the group on this node, waits behind it forever:
 * the new replica can catch up by snapshot but never by log, and adding it as a voter hangs. Lives in jraft's package
 * because {@code removePeerRequestContext} is package-private.
 */
public final class ChorusPipelineReset {
    private static final Field CONTEXTS = field();

    private ChorusPipelineReset() {
    }

    /** Drops every (group, peer) context of {@code groupId}; a no-op if {@code processor} is not an append-entries one. */
    public static void forgetGroup(Object processor, String groupId) {
        if (!(processor instanceof AppendEntriesRequestProcessor p) || CONTEXTS == null) {
            return;
        }
        try {
            Map<?, ?> byGroup = (Map<?, ?>) CONTEXTS.get(p);
            Map<?, ?> peers = byGroup == null ? null : (Map<?, ?>) byGroup.get(groupId);
            if (peers == null) {
                return;
            }
            for (Object pair : List.copyOf(peers.keySet())) {
                p.removePeerRequestContext(groupId, (AppendEntriesRequestProcessor.PeerPair) pair);
            }
        } catch (IllegalAccessException | RuntimeException e) {
            // best effort: a closed connection resets the same state
        }
    }

    private static Field field() {
        try {
            Field f = AppendEntriesRequestProcessor.class.getDeclaredField("peerRequestContexts");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
