package dev.chorus.node;

import dev.chorus.admin.AdminServer;
import dev.chorus.config.NodeSpec;
import dev.chorus.events.EventStreamHandler;
import dev.chorus.events.NodeEvent;
import dev.chorus.faults.FaultAdmin;

import java.util.Map;

/**
 * The admin HTTP routes a node serves itself: status, events, metrics, failpoints, link faults and the Raft
 * operations. Each part registers its own routes; this is the list of them. Node extensions add theirs when they
 * start. In the node package rather than the admin one because it wires the node's parts together.
 */
final class NodeAdminRoutes {
    private final ChorusNode node;

    NodeAdminRoutes(ChorusNode node) {
        this.node = node;
    }

    void register(AdminServer admin) {
        admin.get("/status", node::status);
        node.failpoints().register(admin);
        new RaftOperations(node).register(admin);
        new FaultAdmin(node.cluster().faultInjection(), node.cluster().nodes().stream().map(NodeSpec::id).toList(),
                node.faults(), (type, description) -> node.events().record(null, type, Map.of("faults", description)))
                .register(admin);
        new EventStreamHandler(node.events(), AdminServer.JSON).register(admin);
        node.metrics().register(admin);
    }
}
