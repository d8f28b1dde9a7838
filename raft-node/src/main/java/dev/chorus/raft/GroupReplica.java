package dev.chorus.raft;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.option.ReadOnlyOption;
import com.alipay.sofa.jraft.rpc.RpcServer;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.HostPort;
import dev.chorus.config.NodeSpec;
import dev.chorus.config.RaftSettings;
import dev.chorus.routing.KeyRange;
import dev.chorus.participant.TxnQueries;
import dev.chorus.storage.GroupStore;
import dev.chorus.storage.StorageResources;
import dev.chorus.storage.StoreFailpoints;

import com.alipay.sofa.jraft.core.ChorusIntrospection;
import com.alipay.sofa.jraft.core.State;
import dev.chorus.admin.NodeStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * This node's replica of one Raft group: the jraft node, its log and snapshots under
 * {@code DATA/groups/GROUP/{log,meta,snapshot}} and its state store under {@code DATA/groups/GROUP/state}.
 * All replicas of a node share one RPC server (multi-Raft); the replica neither starts nor stops it.
 */
public final class GroupReplica {
    private final GroupSpec spec;
    private final KeyRange range;
    private final GroupStore store;
    private final KvStateMachine stateMachine;
    private final RaftGroupService service;
    private final Map<PeerId, String> nodeIdByPeer = new HashMap<>();
    private final Map<String, PeerId> peerByNodeId = new HashMap<>();
    private Node node;

    /**
     * @param bootstrap start a brand-new replica with the cluster file's replicas as its initial configuration;
     *                  false for a replica added later by a membership change, which starts with an empty
     *                  configuration and waits for the leader to bring it up to date (it never campaigns first)
     */
    public GroupReplica(ClusterConfig cluster, NodeSpec self, GroupSpec spec, Path groupDir, RpcServer rpcServer,
                        StorageResources resources, GroupListener listener, boolean bootstrap,
                        StoreFailpoints failpoints) throws IOException {
        this.spec = spec;
        this.range = spec.keyRange();
        Files.createDirectories(groupDir);
        for (NodeSpec n : cluster.nodes()) {
            HostPort hp = n.raft();
            PeerId peer = new PeerId(hp.host(), hp.port());
            nodeIdByPeer.put(peer, n.id());
            peerByNodeId.put(n.id(), peer);
        }
        Configuration conf = new Configuration();
        if (bootstrap) {
            for (String replica : spec.replicas()) {
                conf.addPeer(peerByNodeId.get(replica));
            }
        }
        this.store = GroupStore.open(groupDir.resolve("state"), resources, failpoints);
        this.stateMachine = new KvStateMachine(spec.id(), store, listener);
        NodeOptions options = nodeOptions(cluster.raft(), conf, groupDir, stateMachine);
        this.service = new RaftGroupService(spec.id(), peerByNodeId.get(self.id()), options, rpcServer, true);
    }

    private static NodeOptions nodeOptions(RaftSettings settings, Configuration conf, Path groupDir, KvStateMachine fsm) {
        NodeOptions options = new NodeOptions();
        options.setElectionTimeoutMs(settings.electionTimeoutMs());
        options.setInitialConf(conf);
        options.setFsm(fsm);
        options.setLogUri(groupDir.resolve("log").toString());
        options.setRaftMetaUri(groupDir.resolve("meta").toString());
        options.setSnapshotUri(groupDir.resolve("snapshot").toString());
        options.setSnapshotIntervalSecs(settings.snapshotIntervalSecs());
        options.setSnapshotLogIndexMargin(settings.snapshotLogIndexMargin());
        // Timers are shared by all groups in the process instead of four threads per group.
        options.setSharedElectionTimer(true);
        options.setSharedVoteTimer(true);
        options.setSharedStepDownTimer(true);
        options.setSharedSnapshotTimer(true);
        options.setEnableMetrics(false);
        RaftOptions raft = new RaftOptions();
        raft.setSync(settings.sync());
        // Term, vote and snapshot meta are fsynced (and renamed into place) before they count, or a power loss
        // could let this replica vote twice in one term; jraft leaves this off by default.
        raft.setSyncMeta(settings.sync());
        raft.setReadOnlyOptions(settings.leaseReads() ? ReadOnlyOption.ReadOnlyLeaseBased : ReadOnlyOption.ReadOnlySafe);
        raft.setOpenStatistics(false);
        raft.setApplyBatch(64);
        // jraft waits electionTimeout plus a random delay of up to this before campaigning; its default (1 s)
        // doubles failover time for little gain in a cluster with pre-vote.
        raft.setMaxElectionDelayMs(Math.max(100, settings.electionTimeoutMs() / 2));
        raft.setDisruptorBufferSize(4096);
        options.setRaftOptions(raft);
        return options;
    }

    public synchronized void start() {
        node = service.start(false);
    }

    public synchronized void shutdown() {
        service.shutdown();
    }

    /** Waits for the jraft node to finish shutting down, then closes the store. */
    public void join() throws InterruptedException {
        service.join();
        store.close();
    }

    public String groupId() {
        return spec.id();
    }

    public GroupSpec spec() {
        return spec;
    }

    public KeyRange range() {
        return range;
    }

    public Node node() {
        return node;
    }

    public GroupStore store() {
        return store;
    }

    /** What this replica's transaction participant holds (locks, records, what may be forgotten), as applied. */
    public TxnQueries txns() {
        return new TxnQueries(store);
    }

    /** The term in which this replica leads its group, or -1 when it does not. */
    public long leaderTerm() {
        return stateMachine.leaderTerm();
    }

    /** The cluster node id of a peer of this group, or the peer's address if it is not in the cluster file. */
    public String nodeIdOf(PeerId peer) {
        if (peer == null || peer.isEmpty()) {
            return null;
        }
        String id = nodeIdByPeer.get(new PeerId(peer.getIp(), peer.getPort()));
        return id != null ? id : peer.getIp() + ":" + peer.getPort();
    }

    /** This replica as reported in the node's status; safe to call from any thread at any time. */
    public NodeStatus.GroupView view(String selfId) {
        Node n = node;
        NodeStatus.RangeView rangeView = new NodeStatus.RangeView(spec.range().start(), spec.range().end());
        if (n == null) {
            NodeStatus.ReplicaView down = new NodeStatus.ReplicaView(selfId, "DOWN", 0, 0, 0, store.appliedIndex(), null,
                    0, List.of());
            return new NodeStatus.GroupView(spec.id(), rangeView, null, 0, List.of(down));
        }
        PeerId self = peerByNodeId.get(selfId);
        Configuration conf = ChorusIntrospection.configuration(n);
        if (conf == null) {
            conf = stateMachine.configuration();
        }
        String role = roleOf(n.getNodeState(), conf.getLearners().contains(self));
        long term = ChorusIntrospection.currentTerm(n);
        List<NodeStatus.FollowerProgress> followers = new ArrayList<>();
        if (n.isLeader()) {
            List<PeerId> peers = new ArrayList<>(conf.getPeers());
            peers.addAll(conf.getLearners());
            for (PeerId p : peers) {
                if (!p.equals(self)) {
                    long next = ChorusIntrospection.nextIndex(n, p);
                    followers.add(new NodeStatus.FollowerProgress(nodeIdOf(p), next, next < 0 ? -1 : next - 1));
                }
            }
        }
        long applied = Math.max(n.getLastAppliedLogIndex(), store.appliedIndex());
        NodeStatus.ReplicaView replica = new NodeStatus.ReplicaView(selfId, role, term, n.getLastLogIndex(),
                n.getLastCommittedIndex(), applied, n.isLeader() ? 0L : null, store.approximateSizeBytes(), followers);
        return new NodeStatus.GroupView(spec.id(), rangeView, nodeIdOf(n.getLeaderId()), term, List.of(replica));
    }

    private static String roleOf(State state, boolean learner) {
        if (state == null) {
            return "DOWN";
        }
        return switch (state) {
            case STATE_LEADER, STATE_TRANSFERRING -> "LEADER";
            case STATE_CANDIDATE -> "CANDIDATE";
            case STATE_FOLLOWER -> learner ? "LEARNER" : "FOLLOWER";
            case STATE_ERROR -> "ERROR";
            default -> "DOWN";
        };
    }

    /** The closure that answers {@code reply} once a proposed write is applied (or fails). */
    public com.alipay.sofa.jraft.Closure closureFor(KvRequestCompletion reply) {
        return new KvClosure(reply::complete);
    }

    public PeerId peerOf(String nodeId) {
        return peerByNodeId.get(nodeId);
    }
}
