package dev.chorus.cli;

import dev.chorus.config.NodeSpec;
import picocli.CommandLine.Command;


/** {@code chorus node-ids}: the node ids of the cluster file, one per line (for scripts). */
@Command(name = "node-ids", description = "List the node ids in the cluster file, one per line.")
final class NodeIdsCommand extends ClusterCommand {

    @Override
    public Integer call() throws Exception {
        for (NodeSpec n : cluster().load().nodes()) {
            out().println(n.id());
        }
        return ExitCodes.OK;
    }
}
