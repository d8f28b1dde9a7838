package dev.chorus.txn.cli;

import dev.chorus.cli.ClusterCommand;
import dev.chorus.cli.CommandGroup;
import dev.chorus.cli.DurationConverter;
import dev.chorus.cli.ExitCodes;
import dev.chorus.config.ClusterConfig;
import dev.chorus.txn.bank.Bank;
import dev.chorus.txn.client.TxnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code chorus bank init|run|check}: the bank workload (see {@link Bank}). */
@Command(name = "bank", description = "Bank workload: transfers between accounts in different groups.",
        subcommands = {BankCommands.Init.class, BankCommands.Run.class, BankCommands.Check.class})
public final class BankCommands extends CommandGroup {

    @Command(name = "init", description = "Create N accounts spread over all groups, each with balance B.")
    static final class Init extends ClusterCommand {
        @Option(names = "--accounts", required = true, paramLabel = "N")
        int accounts;
        @Option(names = "--balance", required = true, paramLabel = "B")
        long balance;

        @Override
        public Integer call() throws Exception {
            ClusterConfig config = cluster().load();
            try (TxnClient client = new TxnClient(config)) {
                new Bank(config, client).init(accounts, balance);
            }
            out().println("OK accounts=" + accounts + " balance=" + balance + " total=" + accounts * balance);
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", description = "Run random transfers for a while; prints committed, aborted, throughput, latency.")
    static final class Run extends ClusterCommand {
        @Option(names = "--clients", defaultValue = "8", paramLabel = "C")
        int clients;
        @Option(names = "--duration", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class)
        Duration duration;
        @Option(names = "--same-group", description = "transfer between accounts of one group (the one-phase commit path)")
        boolean sameGroup;

        @Override
        public Integer call() throws Exception {
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be at least 1");
            }
            ClusterConfig config = cluster().load();
            try (TxnClient client = new TxnClient(config)) {
                Bank.RunResult r = new Bank(config, client).run(clients, duration, sameGroup, new Bank.Progress());
                long attempts = r.committed() + r.aborted() + r.unknown();
                out().printf("clients=%d duration=%.1fs transfers=%s%n", clients, r.seconds(), sameGroup ? "same-group" : "cross-group");
                out().printf("committed=%d aborted=%d unknown=%d abort-rate=%.1f%%%n", r.committed(), r.aborted(),
                        r.unknown(), attempts == 0 ? 0.0 : 100.0 * r.aborted() / attempts);
                out().printf("throughput=%.0f txn/s%n", r.throughput());
                out().printf("latency p50=%.2fms p99=%.2fms%n", r.p50Ms(), r.p99Ms());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "check", description = "Read all accounts in one transaction; exit 0 only if the total is intact and none is negative.")
    static final class Check extends ClusterCommand {
        @Override
        public Integer call() throws Exception {
            ClusterConfig config = cluster().load();
            try (TxnClient client = new TxnClient(config)) {
                Bank.CheckResult r = new Bank(config, client).check();
                out().println("total=" + r.total() + " accounts=" + r.accounts());
                if (!r.ok()) {
                    err().println("bank check failed: expected total " + r.expectedTotal()
                            + (r.negative().isEmpty() ? "" : "; negative: " + r.negative()));
                    return ExitCodes.FAILED;
                }
                return ExitCodes.OK;
            }
        }
    }
}
