package dev.chorus.node;

import com.alipay.sofa.jraft.rpc.RpcServer;
import dev.chorus.admin.AdminServer;
import dev.chorus.client.ChorusClient;
import dev.chorus.client.ClientOptions;
import dev.chorus.config.ClusterConfig;
import dev.chorus.events.EventLog;
import dev.chorus.faults.Failpoints;
import dev.chorus.metrics.NodeMetrics;
import dev.chorus.raft.GroupReplica;
import dev.chorus.security.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@link NodeExtension}s of one run of a node: found with {@link ServiceLoader} and started at node start, closed
 * at its stop, together with the cluster client they share (made on first use).
 */
final class NodeExtensions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeExtensions.class);

    private final Context context;
    private final List<NodeExtension> started = new ArrayList<>();

    NodeExtensions(ChorusNode node, AdminServer admin, RpcServer rpcServer, Optional<TlsIdentity> identity) {
        this.context = new Context(node, admin, rpcServer, identity);
    }

    void start() throws IOException {
        for (NodeExtension extension : ServiceLoader.load(NodeExtension.class)) {
            extension.start(context);
            started.add(extension);
        }
    }

    /** Closes every started extension (a failure is logged, and the others still close), then the shared client. */
    @Override
    public void close() {
        for (NodeExtension e : started) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                LOG.warn("stopping node extension {} failed", e.getClass().getName(), ex);
            }
        }
        started.clear();
        context.closeClient();
    }

    /** What the extensions see of the node. */
    private static final class Context implements NodeContext {
        private final ChorusNode node;
        private final AdminServer admin;
        private final RpcServer rpcServer;
        private final Optional<TlsIdentity> identity;
        private ChorusClient client;

        Context(ChorusNode node, AdminServer admin, RpcServer rpcServer, Optional<TlsIdentity> identity) {
            this.node = node;
            this.admin = admin;
            this.rpcServer = rpcServer;
            this.identity = identity;
        }

        @Override
        public String nodeId() {
            return node.id();
        }

        @Override
        public ClusterConfig cluster() {
            return node.cluster();
        }

        @Override
        public List<GroupReplica> replicas() {
            return node.replicas();
        }

        @Override
        public AdminServer admin() {
            return admin;
        }

        @Override
        public RpcServer rpcServer() {
            return rpcServer;
        }

        @Override
        public EventLog events() {
            return node.events();
        }

        @Override
        public NodeMetrics metrics() {
            return node.metrics();
        }

        @Override
        public Failpoints failpoints() {
            return node.failpoints();
        }

        @Override
        public synchronized ChorusClient client() {
            if (client == null) {
                client = new ChorusClient(node.cluster(), ClientOptions.DEFAULT, identity);
            }
            return client;
        }

        synchronized void closeClient() {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }
}
