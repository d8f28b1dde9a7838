package dev.chorus.node;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.entity.PeerId;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.admin.AdminException;
import dev.chorus.admin.AdminServer;
import dev.chorus.raft.GroupReplica;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Operator actions on a node's Raft groups, served by the admin API (bearer token required):
 * {@code POST /groups/{id}/transfer-leader} ({"node": "n2"}, sent to the group's leader) and
 * {@code POST /groups/{id}/snapshot} (snapshot and log compaction of this node's replica).
 */
final class RaftOperations {
    private static final long SNAPSHOT_TIMEOUT_SECONDS = 60;

    private final ChorusNode node;

    RaftOperations(ChorusNode node) {
        this.node = node;
    }

    void register(AdminServer admin) {
        admin.mutating("POST", "/groups/{id}/transfer-leader", (params, body) -> transferLeader(params.get("id"), body));
        admin.mutating("POST", "/groups/{id}/snapshot", (params, body) -> snapshot(params.get("id")));
    }

    private GroupReplica replica(String groupId) throws AdminException {
        GroupReplica r = node.replica(groupId);
        if (r == null || r.node() == null) {
            throw new AdminException(404, "node " + node.id() + " hosts no running replica of group '" + groupId + "'");
        }
        return r;
    }

    private Object transferLeader(String groupId, JsonNode body) throws AdminException {
        GroupReplica r = replica(groupId);
        Node raft = r.node();
        if (!raft.isLeader()) {
            String leader = r.nodeIdOf(raft.getLeaderId());
            throw new AdminException(409, "node " + node.id() + " is not the leader of " + groupId
                    + (leader == null ? " (no leader now)" : "; send this to " + leader));
        }
        JsonNode target = body.get("node");
        PeerId peer;
        if (target == null || target.isNull()) {
            peer = PeerId.ANY_PEER;
        } else {
            if (!target.isTextual()) {
                throw new AdminException(400, "\"node\" must be a node id");
            }
            peer = r.peerOf(target.asText());
            if (peer == null) {
                throw new AdminException(400, "node '" + target.asText() + "' has no replica of group " + groupId);
            }
            if (target.asText().equals(node.id())) {
                return result(groupId, "already leader");
            }
        }
        Status status = raft.transferLeadershipTo(peer);
        if (!status.isOk()) {
            throw new AdminException(409, "leader transfer refused: " + status.getErrorMsg());
        }
        return result(groupId, "transferring to " + (peer == PeerId.ANY_PEER ? "the most up-to-date follower" : target.asText()));
    }

    private Object snapshot(String groupId) throws AdminException {
        GroupReplica r = replica(groupId);
        CompletableFuture<Status> done = new CompletableFuture<>();
        r.node().snapshot(done::complete);
        Status status;
        try {
            status = done.get(SNAPSHOT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AdminException(504, "snapshot of " + groupId + " did not finish within " + SNAPSHOT_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(503, "node is stopping");
        } catch (ExecutionException e) {
            throw new AdminException(500, "snapshot failed: " + e.getCause());
        }
        if (!status.isOk()) {
            throw new AdminException(500, "snapshot failed: " + status.getErrorMsg());
        }
        Map<String, Object> out = result(groupId, "snapshot saved");
        out.put("appliedIndex", r.store().appliedIndex());
        return out;
    }

    private Map<String, Object> result(String groupId, String outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node.id());
        out.put("group", groupId);
        out.put("result", outcome);
        return out;
    }
}
