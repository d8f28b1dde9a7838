package dev.chorus.cli;

import dev.chorus.config.NodeSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code chorus node-ids}: the node ids of the cluster file, one per line (for scripts). */
@Command(name = "node-ids", description = "List the node ids in the cluster file, one per line.")
final class NodeIdsCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (NodeSpec n : cluster.load().nodes()) {
            spec.commandLine().getOut().println(n.id());
        }
        return ExitCodes.OK;
    }
}
