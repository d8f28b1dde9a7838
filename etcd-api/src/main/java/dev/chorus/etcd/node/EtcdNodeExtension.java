package dev.chorus.etcd.node;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.HostPort;
import dev.chorus.config.NodeSpec;
import dev.chorus.etcd.cluster.MembersService;
import dev.chorus.etcd.cluster.StatusService;
import dev.chorus.etcd.kv.KvService;
import dev.chorus.etcd.server.HeaderRevision;
import dev.chorus.etcd.server.Headers;
import dev.chorus.node.NodeContext;
import dev.chorus.node.NodeExtension;
import dev.chorus.security.TransportPolicy;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves etcd's v3 gRPC API on the node's {@code etcdAddress}, when the cluster file gives it one (nothing
 * otherwise). Plaintext in this version: only on a loopback address, unless the cluster file says
 * {@code "insecure": true}, the same rule as Raft without TLS.
 */
public final class EtcdNodeExtension implements NodeExtension {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdNodeExtension.class);
    /** Handlers block on the cluster; this many run at once, and this many more wait (then: RESOURCE_EXHAUSTED). */
    private static final int HANDLERS = 32;
    private static final int QUEUED = 1024;
    /** The most key and value bytes one range answer carries. */
    private static final long MAX_ANSWER_BYTES = 64L << 20;

    private Server server;
    private ThreadPoolExecutor handlers;

    @Override
    public void start(NodeContext context) throws IOException {
        ClusterConfig cluster = context.cluster();
        NodeSpec self = cluster.node(context.nodeId()).orElseThrow();
        Optional<HostPort> address = self.etcd();
        if (address.isEmpty()) {
            return;
        }
        HostPort at = address.get();
        if (!cluster.insecure() && !TransportPolicy.loopback(at.host())) {
            throw new IOException("node " + self.id() + " would serve the etcd API without TLS on " + at
                    + " to anyone: use a loopback address or set \"insecure\": true in the cluster file");
        }
        Headers headers = new Headers(cluster.name(), self.id(), new HeaderRevision());
        AtomicInteger threads = new AtomicInteger();
        handlers = new ThreadPoolExecutor(HANDLERS, HANDLERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED),
                r -> {
                    Thread t = new Thread(r, "etcd-api-" + self.id() + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        handlers.allowCoreThreadTimeOut(true);
        int maxRequest = cluster.limits().maxRequestBytes();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(at.host(), at.port()))
                .executor(handlers)
                .maxInboundMessageSize(maxRequest)
                .addService(new KvService(context.client(), headers, cluster.limits().maxScanLimit(), MAX_ANSWER_BYTES))
                .addService(new StatusService(cluster, headers, context::replicas))
                .addService(new MembersService(cluster, headers))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            handlers.shutdownNow();
            throw new IOException("cannot listen on etcd address " + at + ": " + e.getMessage(), e);
        }
        LOG.info("node {} serves the etcd v3 API on {}", self.id(), at);
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        handlers.shutdownNow();
        server = null;
    }
}
