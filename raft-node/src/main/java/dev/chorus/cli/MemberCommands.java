package dev.chorus.cli;

import dev.chorus.admin.ClusterAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

        ClusterAdmin admin() throws Exception {
            ClusterAdmin admin = new ClusterAdmin(cluster().load());
            admin.requireGroup(groupId);
            admin.node(nodeId);
            return admin;
        }
    }

    @Command(name = "add", description = "Start a replica of GROUP on NODE and add it as a voter (or --learner).")
    static final class Add extends Base {
        @Option(names = "--learner", description = "add as a learner: replicates but does not vote")
        boolean learner;

        @Override
        public Integer call() throws Exception {
            admin().addMember(groupId, nodeId, learner);
            out().printf("%s: %s added as %s%n", groupId, nodeId, learner ? "learner" : "voter");
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove NODE from GROUP, then drop its replica and data.")
    static final class Remove extends Base {
        @Override
        public Integer call() throws Exception {
            String warning = admin().removeMember(groupId, nodeId);
            if (warning != null) {
                err().println("warning: " + warning);
            }
            out().printf("%s: %s removed%n", groupId, nodeId);
            return ExitCodes.OK;
        }
    }

    @Command(name = "promote", description = "Turn learner NODE of GROUP into a voter.")
    static final class Promote extends Base {
        @Override
        public Integer call() throws Exception {
            admin().promote(groupId, nodeId);
            out().printf("%s: %s promoted to voter%n", groupId, nodeId);
            return ExitCodes.OK;
        }
    }
}
