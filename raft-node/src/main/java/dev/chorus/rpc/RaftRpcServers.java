package dev.chorus.rpc;

import com.alipay.sofa.jraft.rpc.ProtobufMsgFactory;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcServer;
import com.alipay.sofa.jraft.rpc.impl.PingRequestProcessor;
import com.alipay.sofa.jraft.rpc.impl.core.AppendEntriesRequestProcessor;
import com.alipay.sofa.jraft.rpc.impl.core.GetFileRequestProcessor;
import com.alipay.sofa.jraft.rpc.impl.core.InstallSnapshotRequestProcessor;
import com.alipay.sofa.jraft.rpc.impl.core.ReadIndexRequestProcessor;
import com.alipay.sofa.jraft.rpc.impl.core.RequestVoteRequestProcessor;
import com.alipay.sofa.jraft.rpc.impl.core.TimeoutNowRequestProcessor;

import com.alipay.remoting.config.BoltServerOption;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import dev.chorus.security.PeerIdentity;
import dev.chorus.security.RaftPeerCheck;
import dev.chorus.security.TlsIdentity;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The node's RPC server, built the way jraft's {@code BoltRaftRpcFactory} and {@code RaftRpcServerFactory} build
 * theirs, minus two things:
 * <ul>
 * <li>jraft's factory binds bolt to the port on every interface ({@code new RpcServer(port, true, false)}); this one
 * binds the configured host only ({@code new RpcServer(host, port, true)}: the same options, manage connections
 * on, sync stop off);</li>
 * <li>{@code RaftRpcServerFactory.addRaftRequestProcessors} also registers jraft's CLI service (ResetPeer,
 * ChangePeers, Add/RemovePeer, Add/Remove/ResetLearners, TransferLeader, Snapshot, GetLeader, GetPeers). Anyone who
 * can connect could then, e.g., reset a group's membership to one node without a quorum. Chorus never uses jraft's
 * CliService (its membership, leader-transfer and snapshot actions call the local jraft {@code Node} behind the
 * authenticated admin API), so only the Raft messages are registered here; a CLI request gets bolt's
 * "No processor found" error.</li>
 * </ul>
 */
public final class RaftRpcServers {
    static {
        // What RaftRpcServerFactory's static initializer does: parse raft.desc and register the protobuf serializer
        // of every jraft message (requests and responses) with bolt. Without it responses do not serialize.
        ProtobufMsgFactory.load();
    }

    private RaftRpcServers() {
    }

    /**
     * A jraft RPC server (bolt) that will listen on {@code host:port} only, once {@code init} is called, and closes
     * any connection whose frame declares more than {@code maxFrameContentBytes} of content ({@link FrameGuard}).
     */
    public static RpcServer boundTo(String host, int port, int maxFrameContentBytes) {
        return boundTo(host, port, maxFrameContentBytes, Optional.empty());
    }

    /**
     * As {@link #boundTo(String, int, int)}; with an identity, every connection is mutual TLS: the server presents
     * {@code identity}'s certificate, demands one signed by the cluster CA from the peer, and records the peer's
     * name for the processors ({@link PeerIdentity}). Nothing on a connection is decoded before the handshake.
     */
    public static RpcServer boundTo(String host, int port, int maxFrameContentBytes, Optional<TlsIdentity> identity) {
        if (port <= 0 || port >= 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        com.alipay.remoting.rpc.RpcServer bolt = new com.alipay.remoting.rpc.RpcServer(host, port, true);
        identity.ifPresent(id -> {
            bolt.option(BoltServerOption.SRV_SSL_ENABLE, true);
            bolt.option(BoltServerOption.SRV_SSL_NEED_CLIENT_AUTH, true);
            bolt.option(BoltServerOption.SRV_SSL_KEYSTORE_TYPE, "PKCS12");
            bolt.option(BoltServerOption.SRV_SSL_KEYSTORE, id.keyStore().toString());
            bolt.option(BoltServerOption.SRV_SSL_KEYSTORE_PASS, id.password());
        });
        GuardedBoltServer.guard(bolt, maxFrameContentBytes, identity.isPresent());
        return new BoltRpcServer(bolt);
    }

    /**
     * Registers the Raft core processors, as {@code RaftRpcServerFactory.addRaftRequestProcessors} does, and nothing
     * else: AppendEntries (with its connection-closed listener), GetFile and InstallSnapshot (snapshot transfer),
     * RequestVote (also PreVote), TimeoutNow (leader transfer), ReadIndex (linearizable reads from followers'
     * forwarding) and Ping (jraft's client connection check).
     */
    public static void addRaftCoreProcessors(RpcServer server, Executor raftExecutor) {
        addRaftCoreProcessors(server, raftExecutor, Optional.empty());
    }

    /**
     * As {@link #addRaftCoreProcessors(RpcServer, Executor)}; with a peer check, every Raft message but Ping (which
     * any authenticated party may send: it only checks the connection) must come from the node it claims to be.
     */
    public static void addRaftCoreProcessors(RpcServer server, Executor raftExecutor, Optional<RaftPeerCheck> peers) {
        AppendEntriesRequestProcessor appendEntries = new AppendEntriesRequestProcessor(raftExecutor);
        server.registerConnectionClosedEventListener(appendEntries);
        List<RpcProcessor<?>> fromPeers = List.of(appendEntries, new GetFileRequestProcessor(raftExecutor),
                new InstallSnapshotRequestProcessor(raftExecutor), new RequestVoteRequestProcessor(raftExecutor),
                new TimeoutNowRequestProcessor(raftExecutor), new ReadIndexRequestProcessor(raftExecutor));
        for (RpcProcessor<?> processor : fromPeers) {
            server.registerProcessor(peers.isPresent() ? peers.get().guard(processor) : processor);
        }
        server.registerProcessor(new PingRequestProcessor(null));
    }
}
