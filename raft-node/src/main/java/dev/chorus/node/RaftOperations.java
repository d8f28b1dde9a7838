package dev.chorus.node;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.entity.PeerId;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.admin.AdminException;
import dev.chorus.admin.AdminServer;
import dev.chorus.raft.GroupReplica;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Operator actions on a node's Raft groups, served by the admin API (bearer token required):
 * {@code POST /groups/{id}/transfer-leader} ({"node": "n2"}, sent to the group's leader) and
 * {@code POST /groups/{id}/snapshot} (snapshot and log compaction of this node's replica), membership changes
 * ({@code POST /groups/{id}/members}, {@code DELETE /groups/{id}/members/{node}}, sent to the leader) and hosting
 * ({@code POST|DELETE /groups/{id}/replica}, sent to the node that gains or loses the replica).
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
        admin.mutating("POST", "/groups/{id}/members", (params, body) -> addMember(params.get("id"), body));
        admin.mutating("DELETE", "/groups/{id}/members/{node}", (params, body) -> removeMember(params.get("id"), params.get("node")));
        admin.mutating("POST", "/groups/{id}/replica", (params, body) -> hostReplica(params.get("id")));
        admin.mutating("DELETE", "/groups/{id}/replica", (params, body) -> dropReplica(params.get("id")));
    }

    /** The running replica of a group this node leads; 409 naming the leader otherwise. */
    private GroupReplica leaderReplica(String groupId) throws AdminException {
        GroupReplica r = replica(groupId);
        if (!r.node().isLeader()) {
            String leader = r.nodeIdOf(r.node().getLeaderId());
            throw new AdminException(409, "node " + node.id() + " is not the leader of " + groupId
                    + (leader == null ? " (no leader now)" : "; send this to " + leader));
        }
        return r;
    }

    private PeerId memberPeer(GroupReplica r, JsonNode target) throws AdminException {
        if (target == null || !target.isTextual() || target.asText().isEmpty()) {
            throw new AdminException(400, "\"node\" must be a node id");
        }
        PeerId peer = r.peerOf(target.asText());
        if (peer == null) {
            throw new AdminException(400, "unknown node '" + target.asText() + "'");
        }
        return peer;
    }

    /**
     * {"node": "n3"} adds a voter, {"node": "n3", "learner": true} a learner (non-voting, catches up and serves
     * stale reads). The node must host a replica
     * ({@code POST /groups/{id}/replica} on it) for the new member to catch up.
     */
    private Object addMember(String groupId, JsonNode body) throws AdminException {
        GroupReplica r = leaderReplica(groupId);
        PeerId peer = memberPeer(r, body.get("node"));
        boolean learner = body.path("learner").asBoolean(false);
        boolean promote = body.path("promote").asBoolean(false);
        Node raft = r.node();
        List<PeerId> voters = raft.listPeers();
        List<PeerId> learners = raft.listLearners();
        if (promote) {
            // jraft cannot promote in one configuration change, and remove-learner-then-add-voter can hang in its
            // catch-up (see ClusterAdmin.promote, which re-creates the replica instead).
            throw new AdminException(400, "promotion is done by `chorus member promote` (remove the learner, re-create its "
                    + "replica, add it as a voter); this endpoint adds voters and learners");
        }
        if (voters.contains(peer) || learners.contains(peer)) {
            throw new AdminException(409, body.get("node").asText() + " is already a member of " + groupId);
        }
        if (learner) {
            changeMembers(done -> raft.addLearners(List.of(peer), done), "add learner");
        } else {
            changeMembers(done -> raft.addPeer(peer, done), "add voter");
        }
        return result(groupId, body.get("node").asText() + " added as " + (learner ? "learner" : "voter"));
    }

    private Object removeMember(String groupId, String nodeId) throws AdminException {
        GroupReplica r = leaderReplica(groupId);
        PeerId peer = r.peerOf(nodeId);
        if (peer == null) {
            throw new AdminException(400, "unknown node '" + nodeId + "'");
        }
        Node raft = r.node();
        if (raft.listLearners().contains(peer)) {
            changeMembers(done -> raft.removeLearners(List.of(peer), done), "remove learner");
        } else if (raft.listPeers().contains(peer)) {
            if (raft.listPeers().size() <= 1) {
                throw new AdminException(409, "cannot remove the last voter of " + groupId);
            }
            changeMembers(done -> raft.removePeer(peer, done), "remove voter");
        } else {
            throw new AdminException(409, nodeId + " is not a member of " + groupId);
        }
        return result(groupId, nodeId + " removed");
    }

    private Object hostReplica(String groupId) throws AdminException {
        try {
            node.addReplica(groupId);
        } catch (IllegalArgumentException e) {
            throw new AdminException(404, e.getMessage());
        } catch (IllegalStateException e) {
            throw new AdminException(409, e.getMessage());
        } catch (java.io.IOException e) {
            throw new AdminException(500, "cannot start a replica of " + groupId + ": " + e.getMessage());
        }
        return result(groupId, "replica started (empty; waits for the leader)");
    }

    private Object dropReplica(String groupId) throws AdminException {
        try {
            node.dropReplica(groupId);
        } catch (IllegalStateException e) {
            throw new AdminException(409, e.getMessage());
        } catch (java.io.IOException e) {
            throw new AdminException(500, "cannot drop the replica of " + groupId + ": " + e.getMessage());
        }
        return result(groupId, "replica stopped and its data deleted");
    }

    /** A membership change: 409 if jraft refuses it (e.g. another change is in progress). */
    private static void changeMembers(Consumer<Closure> op, String what) throws AdminException {
        Status status = await(op, what, 30, " (is the new member reachable?)");
        if (!status.isOk()) {
            throw new AdminException(409, what + " refused: " + status.getErrorMsg());
        }
    }

    /** Starts a jraft operation that reports through a closure, and waits up to {@code seconds} for its status. */
    private static Status await(Consumer<Closure> op, String what, long seconds, String timeoutHint) throws AdminException {
        CompletableFuture<Status> done = new CompletableFuture<>();
        op.accept(done::complete);
        try {
            return done.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AdminException(504, what + " did not finish within " + seconds + " s" + timeoutHint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(503, "node is stopping");
        } catch (ExecutionException e) {
            throw new AdminException(500, what + " failed: " + e.getCause());
        }
    }

    private GroupReplica replica(String groupId) throws AdminException {
        GroupReplica r = node.replica(groupId);
        if (r == null || r.node() == null) {
            throw new AdminException(404, "node " + node.id() + " hosts no running replica of group '" + groupId + "'");
        }
        return r;
    }

    private Object transferLeader(String groupId, JsonNode body) throws AdminException {
        GroupReplica r = leaderReplica(groupId);
        Node raft = r.node();
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
        Status status = await(r.node()::snapshot, "snapshot of " + groupId, SNAPSHOT_TIMEOUT_SECONDS, "");
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
