package dev.chorus.cli;

import dev.chorus.admin.AdminClient;
import dev.chorus.admin.ClusterAdmin;
import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.client.ChorusException;
import dev.chorus.config.ClusterConfig;
import dev.chorus.protocol.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Operator actions on Raft groups: {@code chorus leader transfer}, {@code chorus snapshot}. */
final class RaftAdminCommands {
    private RaftAdminCommands() {
    }

    @Command(name = "leader", description = "Leadership actions.", subcommands = Transfer.class)
    static final class Leader extends CommandGroup {
    }

    @Command(name = "transfer", description = "Move leadership of GROUP to NODE and wait until NODE leads.")
    static final class Transfer extends ClusterCommand {
        private static final Duration RETRANSFER_AFTER = Duration.ofSeconds(3);
        @Parameters(index = "0", paramLabel = "GROUP")
        String groupId;
        @Parameters(index = "1", paramLabel = "NODE")
        String nodeId;
        @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "D")
        Duration timeout;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            ClusterConfig config = cluster().load();
            config.requireGroup(groupId);
            List<String> hosting = new ClusterAdmin(config).currentReplicas(groupId);
            if (!hosting.contains(nodeId)) {
                throw new IllegalArgumentException("node '" + nodeId + "' holds no replica of " + groupId
                        + " (replicas: " + hosting + ")");
            }
            AdminClient admin = new AdminClient(config);
            ClusterStatusCollector collector = new ClusterStatusCollector(config, Duration.ofSeconds(2));
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastRequest = 0;
            while (System.nanoTime() < deadline) {
                ClusterStatus.GroupEntry g = collector.collect().groups().stream()
                        .filter(x -> x.id().equals(groupId)).findFirst().orElseThrow();
                if (nodeId.equals(g.leader())) {
                    if (json.enabled()) {
                        JsonOption.print(out(), GroupLeader.of(g));
                    } else {
                        out().print(GroupLeader.of(g).line());
                    }
                    return ExitCodes.OK;
                }
                // jraft aborts a transfer whose target does not catch up within an election timeout: ask again then.
                if (g.leader() != null && System.nanoTime() - lastRequest > RETRANSFER_AFTER.toNanos()) {
                    try {
                        admin.post(config.node(g.leader()).orElseThrow(), "/groups/" + groupId + "/transfer-leader",
                                Map.of("node", nodeId), Duration.ofSeconds(5));
                        lastRequest = System.nanoTime();
                    } catch (AdminClient.AdminError e) {
                        if (e.status() != 409) {
                            throw e;
                        }
                        // the leader changed under us: look again
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            throw new ChorusException(ErrorCode.TIMEOUT, nodeId + " did not become leader of " + groupId + " within "
                    + timeout.toSeconds() + " s");
        }
    }

    @Command(name = "snapshot", description = "Snapshot GROUP (and compact its log) on every replica, or on --node.")
    static final class Snapshot extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String groupId;
        @Option(names = "--node", paramLabel = "NODE", description = "only this replica")
        String nodeId;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            List<ClusterAdmin.SnapshotResult> results = new ClusterAdmin(cluster().load()).snapshot(groupId, nodeId);
            int failures = 0;
            for (ClusterAdmin.SnapshotResult r : results) {
                if (r.error() == null) {
                    if (!json.enabled()) {
                        out().printf("%s %s: %s (applied index %s)%n", groupId, r.node(), r.result(), r.appliedIndex());
                    }
                } else {
                    err().println("chorus: " + r.error());
                    failures++;
                }
            }
            if (json.enabled()) {
                JsonOption.print(out(), results);
            }
            if (failures == results.size()) {
                throw new ChorusException(ErrorCode.UNAVAILABLE, "no replica of " + groupId + " took a snapshot");
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
