package dev.chorus.verify.cli;

import dev.chorus.config.ClusterConfig;
import dev.chorus.verify.workload.ClientWorkload;
import dev.chorus.verify.workload.RegisterWorkload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus verify register}: runs the register workload against a cluster, then checks its history. */
@Command(name = "register", description = "Read/write/cas a few keys concurrently, record the history, check linearizability.")
final class RegisterCommand extends WorkloadCommand {
    @Option(names = "--keys", defaultValue = "3", paramLabel = "K")
    int keys;

    @Override
    Workload kind() {
        return Workload.REGISTER;
    }

    @Override
    ClientWorkload workload(ClusterConfig config, Clients clients, String base) {
        if (keys < 1) {
            throw new IllegalArgumentException("--keys must be at least 1");
        }
        return new RegisterWorkload(clients.kv(), base + "k", keys);
    }
}
