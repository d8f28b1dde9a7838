package dev.chorus.verify.cli;

import dev.chorus.config.ClusterConfig;
import dev.chorus.verify.workload.BankWorkload;
import dev.chorus.verify.workload.ClientWorkload;
import dev.chorus.verify.workload.GroupSpread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus verify bank}: cross-group transfers and snapshot reads; every read must see the exact total. */
@Command(name = "bank", description = "Transfer money between accounts in different groups, read all accounts at once, check the total.")
final class BankCommand extends WorkloadCommand {
    @Option(names = "--accounts", defaultValue = "8", paramLabel = "N")
    int accounts;
    @Option(names = "--balance", defaultValue = "100", paramLabel = "B", description = "initial balance of each account")
    long balance;

    @Override
    Workload kind() {
        return Workload.BANK;
    }

    @Override
    ClientWorkload workload(ClusterConfig config, Clients clients, String base) {
        return new BankWorkload(clients.txns(), new GroupSpread(config, base), accounts, balance);
    }
}
