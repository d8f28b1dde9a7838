package dev.chorus.verify.cli;

import dev.chorus.config.ClusterConfig;
import dev.chorus.verify.workload.ClientWorkload;
import dev.chorus.verify.workload.GroupSpread;
import dev.chorus.verify.workload.ListAppendWorkload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus verify list-append}: transactions of reads and appends over keys in every group, checked as Elle does. */
@Command(name = "list-append", description = "Run transactions of list reads and appends, check strict serializability (Elle-style).")
final class ListAppendCommand extends WorkloadCommand {
    @Option(names = "--keys", defaultValue = "8", paramLabel = "K")
    int keys;

    @Override
    Workload kind() {
        return Workload.LIST_APPEND;
    }

    @Override
    ClientWorkload workload(ClusterConfig config, Clients clients, String base) {
        return new ListAppendWorkload(clients.txns(), new GroupSpread(config, base), keys);
    }
}
