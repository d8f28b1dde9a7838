package dev.chorus.verify.cli;

import dev.chorus.config.ClusterConfig;
import dev.chorus.verify.workload.ClientWorkload;
import dev.chorus.verify.workload.GroupSpread;
import dev.chorus.verify.workload.SetWorkload;
import picocli.CommandLine.Command;

/** {@code chorus verify set}: unique inserts over every group, a final read of all, no acknowledged insert lost. */
@Command(name = "set", description = "Insert unique elements concurrently, read them all at the end, check none was lost.")
final class SetCommand extends WorkloadCommand {
    @Override
    Workload kind() {
        return Workload.SET;
    }

    @Override
    ClientWorkload workload(ClusterConfig config, Clients clients, String base) {
        return new SetWorkload(clients.kv(), new GroupSpread(config, base));
    }
}
