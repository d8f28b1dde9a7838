package dev.chorus.cli;

import dev.chorus.admin.ClusterAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    /** What a membership command prints with {@code --json}; {@code role} is null after a removal. */
    record Change(String group, String node, String change, String role) {
    }

    abstract static class Base extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String groupId;
        @Parameters(index = "1", paramLabel = "NODE")
        String nodeId;
        @Mixin
        JsonOption json;

        /** Prints the change done: {@code text} for people, a {@link Change} with {@code --json}. */
        int report(String change, String role, String text) {
            if (json.enabled()) {
                JsonOption.print(out(), new Change(groupId, nodeId, change, role));
            } else {
                out().print(text);
            }
            return ExitCodes.OK;
        }

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
            String role = learner ? "learner" : "voter";
            return report("added", role, String.format("%s: %s added as %s%n", groupId, nodeId, role));
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
            return report("removed", null, String.format("%s: %s removed%n", groupId, nodeId));
        }
    }

    @Command(name = "promote", description = "Turn learner NODE of GROUP into a voter.")
    static final class Promote extends Base {
        @Override
        public Integer call() throws Exception {
            admin().promote(groupId, nodeId);
            return report("promoted", "voter", String.format("%s: %s promoted to voter%n", groupId, nodeId));
        }
    }
}
