package dev.chorus.node;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chorus.admin.AdminServer;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which groups this node hosts a replica of. The cluster file says where replicas start; membership changes move
 * them afterwards, and the node must remember that across restarts (a removed replica must not come back by
 * itself, an added one must). Overrides live in {@code DATA/hosted.json}: group → true (added after bootstrap) or
 * false (removed). A group without an override follows the cluster file and bootstraps from it.
 */
final class HostedGroups {
    private final ClusterConfig cluster;
    private final String nodeId;
    private final Path file;
    private final Map<String, Boolean> overrides = new TreeMap<>();

    HostedGroups(ClusterConfig cluster, String nodeId, Path dataDir) {
        this.cluster = cluster;
        this.nodeId = nodeId;
        this.file = dataDir.resolve("hosted.json");
        if (Files.exists(file)) {
            try {
                overrides.putAll(AdminServer.JSON.readValue(file.toFile(), new TypeReference<Map<String, Boolean>>() {
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable " + file + ": " + e.getMessage(), e);
            }
        }
    }

    synchronized boolean hosts(String groupId) {
        Boolean o = overrides.get(groupId);
        if (o != null) {
            return o;
        }
        return cluster.group(groupId).map(g -> g.replicas().contains(nodeId)).orElse(false);
    }

    /** True if the replica starts from the cluster file's configuration (it never went through a membership change here). */
    synchronized boolean bootstraps(String groupId) {
        return !overrides.containsKey(groupId);
    }

    synchronized List<GroupSpec> hosted() {
        return cluster.groups().stream().filter(g -> hosts(g.id())).toList();
    }

    synchronized void set(String groupId, boolean hosted) throws IOException {
        overrides.put(groupId, hosted);
        Map<String, Boolean> copy = new LinkedHashMap<>(overrides);
        Path tmp = file.resolveSibling("hosted.json.tmp");
        AdminServer.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), copy);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
