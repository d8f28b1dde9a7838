package dev.chorus.cli;

import dev.chorus.config.NodeSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;


/** {@code chorus node-ids}: the node ids of the cluster file, one per line (for scripts). */
@Command(name = "node-ids", description = "List the node ids in the cluster file, one per line.")
final class NodeIdsCommand extends ClusterCommand {
    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        List<String> ids = cluster().load().nodes().stream().map(NodeSpec::id).toList();
        if (json.enabled()) {
            JsonOption.print(out(), ids);
        } else {
            ids.forEach(out()::println);
        }
        return ExitCodes.OK;
    }
}
