package dev.chorus.cli;

import dev.chorus.admin.ClusterAdmin;
import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.client.ChorusException;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.faults.LinkFault;
import dev.chorus.protocol.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chorus fault isolate|cut|delay|drop|heal|list}: network faults between nodes, injected at the Raft RPC
 * layer of every node (each node enforces the links that touch it, so every node is told).
 */
@Command(name = "fault", description = "Inject or heal network faults between nodes.",
        subcommands = {FaultCommands.Isolate.class, FaultCommands.Cut.class, FaultCommands.Delay.class,
                FaultCommands.Drop.class, FaultCommands.Heal.class, FaultCommands.ListFaults.class})
final class FaultCommands extends CommandGroup {

    /** Sends one fault request to every node; returns the exit code. */
    abstract static class Mutation extends ClusterCommand {

        abstract String path();

        abstract Map<String, Object> body(ClusterConfig config);

        void requireNode(ClusterConfig config, String id) {
            if (config.node(id).isEmpty()) {
                throw new IllegalArgumentException("unknown node '" + id + "' (known: "
                        + config.nodes().stream().map(NodeSpec::id).toList() + ")");
            }
        }

        @Override
        public Integer call() throws Exception {
            ClusterConfig config = cluster().load();
            Map<String, Object> body = body(config);
            ClusterAdmin.Broadcast b = new ClusterAdmin(config).broadcast("POST", path(), body, null);
            out().println("OK (" + String.join(", ", b.told()) + ")");
            if (!b.missed().isEmpty()) {
                err().println("warning: not told (unreachable): " + String.join(", ", b.missed())
                        + "; they do not enforce this change until told again");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "isolate", description = "Cut NODE off from every other node (both directions).")
    static final class Isolate extends Mutation {
        @Parameters(paramLabel = "NODE")
        String node;

        String path() {
            return "/faults";
        }

        Map<String, Object> body(ClusterConfig config) {
            requireNode(config, node);
            return Map.of("type", "isolate", "node", node);
        }
    }

    /** A fault on the link between two nodes, A and B. */
    abstract static class PairMutation extends Mutation {
        @Parameters(index = "0", paramLabel = "A")
        String a;
        @Parameters(index = "1", paramLabel = "B")
        String b;

        String path() {
            return "/faults";
        }

        abstract Map<String, Object> fault();

        Map<String, Object> body(ClusterConfig config) {
            requireNode(config, a);
            requireNode(config, b);
            Map<String, Object> body = new LinkedHashMap<>(fault());
            body.put("from", a);
            body.put("to", b);
            return body;
        }
    }

    @Command(name = "cut", description = "Cut the link between A and B (both directions, or A->B only with --one-way).")
    static final class Cut extends PairMutation {
        @Option(names = "--one-way", description = "only messages from A to B are lost")
        boolean oneWay;

        Map<String, Object> fault() {
            return Map.of("type", "cut", "oneWay", oneWay);
        }
    }

    @Command(name = "delay", description = "Delay every message between A and B (both directions) by MS ± J milliseconds.")
    static final class Delay extends PairMutation {
        @Option(names = "--ms", required = true, paramLabel = "MS")
        long ms;
        @Option(names = "--jitter", defaultValue = "0", paramLabel = "J")
        long jitter;

        Map<String, Object> fault() {
            if (ms < 0 || jitter < 0 || ms > 60_000 || jitter > 60_000) {
                throw new IllegalArgumentException("--ms and --jitter must be within 0..60000");
            }
            return Map.of("type", "delay", "ms", ms, "jitterMs", jitter);
        }
    }

    @Command(name = "drop", description = "Lose each message between A and B (both directions) with probability P.")
    static final class Drop extends PairMutation {
        @Option(names = "--rate", required = true, paramLabel = "P")
        double rate;

        Map<String, Object> fault() {
            if (!(rate > 0 && rate <= 1)) {
                throw new IllegalArgumentException("--rate must be within (0, 1], got " + rate);
            }
            return Map.of("type", "drop", "rate", rate);
        }
    }

    @Command(name = "heal", description = "Heal every fault, or those between A and B.")
    static final class Heal extends Mutation {
        @Parameters(index = "0", arity = "0..1", paramLabel = "A")
        String a;
        @Parameters(index = "1", arity = "0..1", paramLabel = "B")
        String b;

        String path() {
            return "/faults/heal";
        }

        Map<String, Object> body(ClusterConfig config) {
            if (a == null) {
                return Map.of();
            }
            if (b == null) {
                throw new IllegalArgumentException("heal takes two nodes (A B) or none (heal all)");
            }
            requireNode(config, a);
            requireNode(config, b);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", a);
            body.put("to", b);
            return body;
        }
    }

    @Command(name = "list", description = "List the active link faults.")
    static final class ListFaults extends ClusterCommand {
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            ClusterStatus status = new ClusterStatusCollector(cluster().load(), Duration.ofSeconds(2)).collect();
            if (status.nodes().stream().noneMatch(ClusterStatus.NodeEntry::up)) {
                throw new ChorusException(ErrorCode.UNAVAILABLE, "no node answered on its admin address");
            }
            if (json.enabled()) {
                JsonOption.print(out(), status.faults());
                return ExitCodes.OK;
            }
            for (LinkFault f : status.faults()) {
                out().println(f.describe());
            }
            return ExitCodes.OK;
        }
    }
}
