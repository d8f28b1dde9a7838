package dev.chorus.config;

import dev.chorus.routing.RangeRouter;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The validated cluster description: nodes, groups and their ranges, Raft settings and limits.
 * Instances come from {@link ClusterConfigLoader}, which guarantees every invariant the rest of the code relies on
 * (unique ids and addresses, ranges covering the key space without overlap, replicas naming known nodes).
 *
 * @param faultInjection whether the nodes accept fault-injection requests at all
 * @param adminTokenFile file holding the bearer token that mutating admin requests must carry; null = none
 *                       configured, and then every mutating admin request is refused
 * @param baseDir        directory of the cluster file; relative paths resolve against it
 * @param tlsDir         directory of the cluster CA's key stores ({@code dev.chorus.security}); null = no TLS
 * @param insecure       the operator's explicit consent to serve Raft without TLS on a non-loopback address
 */
public record ClusterConfig(String name, List<NodeSpec> nodes, List<GroupSpec> groups, RaftSettings raft,
                            Limits limits, boolean faultInjection, Path adminTokenFile, Path baseDir, Path tlsDir,
                            boolean insecure) {

    public Optional<NodeSpec> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public Optional<GroupSpec> group(String id) {
        return groups.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** The group named {@code id}; an {@link IllegalArgumentException} naming the known groups otherwise. */
    public GroupSpec requireGroup(String id) {
        return group(id).orElseThrow(() -> new IllegalArgumentException("unknown group '" + id + "' (known: "
                + groups.stream().map(GroupSpec::id).toList() + ")"));
    }

    public Path dataDir(NodeSpec node) {
        String dir = node.dataDir() == null || node.dataDir().isBlank() ? "data/" + node.id() : node.dataDir();
        return baseDir.resolve(dir).normalize();
    }

    public RangeRouter router() {
        return new RangeRouter(groups.stream().map(g -> new RangeRouter.Route(g.id(), g.keyRange())).toList());
    }

    public List<GroupSpec> groupsOn(String nodeId) {
        return groups.stream().filter(g -> g.replicas().contains(nodeId)).toList();
    }
}
