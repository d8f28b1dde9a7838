package dev.chorus.cli;

import dev.chorus.admin.AdminClient;
import dev.chorus.client.ChorusException;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.protocol.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
            ClusterConfig config = cluster.load();
            List<NodeSpec> targets = new ArrayList<>();
            if (node != null) {
                targets.add(config.node(node).orElseThrow(() -> new IllegalArgumentException("unknown node '" + node
                        + "' (known: " + config.nodes().stream().map(NodeSpec::id).toList() + ")")));
            } else {
                targets.addAll(config.nodes());
            }
            Map<String, Object> body = new HashMap<>();
            if (name != null) {
                body.put("name", name);
            }
            AdminClient admin = new AdminClient(config);
            List<String> told = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            for (NodeSpec n : targets) {
                try {
                    admin.send(n, method, "/failpoints", body, Duration.ofSeconds(5));
                    told.add(n.id());
                } catch (AdminClient.AdminError e) {
                    throw e;
                } catch (ChorusException e) {
                    missed.add(n.id());
                }
            }
            if (told.isEmpty()) {
                throw new ChorusException(ErrorCode.UNAVAILABLE, "no node answered on its admin address");
            }
            out().println("OK (" + String.join(", ", told) + ")");
            if (!missed.isEmpty()) {
                err().println("warning: not told (unreachable): " + String.join(", ", missed));
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
