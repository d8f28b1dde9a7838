package dev.chorus.cli;

import dev.chorus.admin.ClusterAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code chorus failpoint set NAME [--node NODE]} and {@code chorus failpoint clear [NAME] [--node NODE]}: arm or
 * clear crash failpoints, on one node or (default) on every node.
 */
@Command(name = "failpoint", description = "Arm or clear crash failpoints.",
        subcommands = {FailpointCommands.Set.class, FailpointCommands.Clear.class})
final class FailpointCommands extends CommandGroup {

    abstract static class Base extends ClusterCommand {
        @Option(names = "--node", paramLabel = "NODE", description = "only this node (default: every node)")
        String node;

        int send(String method, String name) throws Exception {
            Map<String, Object> body = new HashMap<>();
            if (name != null) {
                body.put("name", name);
            }
            ClusterAdmin.Broadcast b = new ClusterAdmin(cluster().load()).broadcast(method, "/failpoints", body, node);
            out().println("OK (" + String.join(", ", b.told()) + ")");
            if (!b.missed().isEmpty()) {
                err().println("warning: not told (unreachable): " + String.join(", ", b.missed()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", description = "Arm failpoint NAME: the node crashes (halts) when its code reaches it.")
    static final class Set extends Base {
        @Parameters(paramLabel = "NAME", description = "after-first-prepare, after-all-prepared, after-decision, "
                + "participant-after-prepare")
        String name;

        @Override
        public Integer call() throws Exception {
            return send("POST", name);
        }
    }

    @Command(name = "clear", description = "Clear failpoint NAME, or all.")
    static final class Clear extends Base {
        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;

        @Override
        public Integer call() throws Exception {
            return send("DELETE", name);
        }
    }
}
