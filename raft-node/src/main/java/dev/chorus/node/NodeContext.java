package dev.chorus.node;

import com.alipay.sofa.jraft.rpc.RpcServer;
import dev.chorus.admin.AdminServer;
import dev.chorus.client.ChorusClient;
import dev.chorus.config.ClusterConfig;
import dev.chorus.events.EventLog;
import dev.chorus.faults.Failpoints;
import dev.chorus.metrics.NodeMetrics;
import dev.chorus.raft.GroupReplica;

import java.util.List;

/** What a {@link NodeExtension} may use of the node hosting it. */
public interface NodeContext {
    String nodeId();

    ClusterConfig cluster();

    /** This node's replicas (leaders and followers). */
    List<GroupReplica> replicas();

    /** Register GET routes and token-protected mutating routes here. */
    AdminServer admin();

    /** The node's RPC server on its raft address: register request processors for the extension's messages. */
    RpcServer rpcServer();

    EventLog events();

    NodeMetrics metrics();

    Failpoints failpoints();

    /** A client of the whole cluster, shared by the node's extensions, for requests to any group. */
    ChorusClient client();
}
