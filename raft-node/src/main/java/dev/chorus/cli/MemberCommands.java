package dev.chorus.cli;

import dev.chorus.admin.AdminClient;
import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.client.ChorusException;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.protocol.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code chorus member add|remove GROUP NODE [--learner]} and {@code chorus member promote GROUP NODE}: Raft
 * membership changes. Adding first starts an empty replica on NODE, then asks the leader to add it (it catches up
 * by snapshot and log); removing asks the leader, then stops NODE's replica and deletes its data.
 */
@Command(name = "member", description = "Add, remove or promote a replica of a group.",
        subcommands = {MemberCommands.Add.class, MemberCommands.Remove.class, MemberCommands.Promote.class})
final class MemberCommands extends CommandGroup {

    abstract static class Base extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String groupId;
        @Parameters(index = "1", paramLabel = "NODE")
        String nodeId;

        ClusterConfig config;
        AdminClient admin;

        NodeSpec target() throws Exception {
            config = cluster.load();
            RaftAdminCommands.group(config, groupId);
            admin = new AdminClient(config);
            return config.node(nodeId).orElseThrow(() -> new IllegalArgumentException("unknown node '" + nodeId
                    + "' (known: " + config.nodes().stream().map(NodeSpec::id).toList() + ")"));
        }

        /** Sends a request to the group's leader, following leader changes for up to 30 s. */
        void toLeader(String method, String path, Map<String, Object> body) {
            ClusterStatusCollector collector = new ClusterStatusCollector(config, Duration.ofSeconds(2));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String last = "no leader";
            while (System.nanoTime() < deadline) {
                ClusterStatus.GroupEntry g = collector.collect().groups().stream()
                        .filter(x -> x.id().equals(groupId)).findFirst().orElseThrow();
                if (g.leader() != null) {
                    try {
                        admin.send(config.node(g.leader()).orElseThrow(), method, path, body, Duration.ofSeconds(35));
                        return;
                    } catch (AdminClient.AdminError e) {
                        if (e.status() != 409 || !e.getMessage().contains("not the leader")) {
                            throw e;
                        }
                        last = e.getMessage();
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            throw new ChorusException(ErrorCode.TIMEOUT, "could not reach the leader of " + groupId + ": " + last);
        }
    }

    @Command(name = "add", description = "Start a replica of GROUP on NODE and add it as a voter (or --learner).")
    static final class Add extends Base {
        @Option(names = "--learner", description = "add as a learner: replicates but does not vote")
        boolean learner;

        @Override
        public Integer call() throws Exception {
            NodeSpec node = target();
            try {
                admin.post(node, "/groups/" + groupId + "/replica", Map.of(), Duration.ofSeconds(30));
            } catch (AdminClient.AdminError e) {
                if (e.status() != 409) {
                    throw e; // 409: the node already hosts a replica (e.g. a previous add that failed later)
                }
            }
            Map<String, Object> body = new HashMap<>();
            body.put("node", nodeId);
            body.put("learner", learner);
            toLeader("POST", "/groups/" + groupId + "/members", body);
            out().printf("%s: %s added as %s%n", groupId, nodeId, learner ? "learner" : "voter");
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove NODE from GROUP, then drop its replica and data.")
    static final class Remove extends Base {
        @Override
        public Integer call() throws Exception {
            NodeSpec node = target();
            toLeader("DELETE", "/groups/" + groupId + "/members/" + nodeId, Map.of());
            try {
                admin.send(node, "DELETE", "/groups/" + groupId + "/replica", Map.of(), Duration.ofSeconds(30));
            } catch (ChorusException e) {
                err().println("warning: " + nodeId + " is no longer a member but its replica was not dropped: " + e.getMessage());
            }
            out().printf("%s: %s removed%n", groupId, nodeId);
            return ExitCodes.OK;
        }
    }

    @Command(name = "promote", description = "Turn learner NODE of GROUP into a voter.")
    static final class Promote extends Base {
        @Override
        public Integer call() throws Exception {
            target();
            toLeader("POST", "/groups/" + groupId + "/members", Map.of("node", nodeId, "promote", true));
            out().printf("%s: %s promoted to voter%n", groupId, nodeId);
            return ExitCodes.OK;
        }
    }
}
