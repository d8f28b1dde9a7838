package dev.chorus.txn.cli;

import dev.chorus.cli.ClusterCommand;
import dev.chorus.cli.CommandGroup;
import dev.chorus.cli.DurationConverter;
import dev.chorus.cli.ExitCodes;
import dev.chorus.cli.JsonOption;
import dev.chorus.config.ClusterConfig;
import dev.chorus.txn.bank.Bank;
import dev.chorus.txn.client.TxnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

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

    /** What {@code bank run --json} prints. */
    record RunReport(int clients, double durationSeconds, String transfers, long committed, long aborted, long unknown,
                     double abortRatePercent, double throughputTxnPerSec, Latency latencyMs) {
        record Latency(double p50, double p99) {
        }
    }

    /** What {@code bank check --json} prints; the exit code is 1 unless {@code ok}, as without {@code --json}. */
    record CheckReport(long total, int accounts, long expectedTotal, List<String> negative, boolean ok) {
    }

    @Command(name = "run", description = "Run random transfers for a while; prints committed, aborted, throughput, latency.")
    static final class Run extends ClusterCommand {
        @Option(names = "--clients", defaultValue = "8", paramLabel = "C")
        int clients;
        @Option(names = "--duration", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class)
        Duration duration;
        @Option(names = "--same-group", description = "transfer between accounts of one group (the one-phase commit path)")
        boolean sameGroup;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be at least 1");
            }
            ClusterConfig config = cluster().load();
            try (TxnClient client = new TxnClient(config)) {
                Bank.RunResult r = new Bank(config, client).run(clients, duration, sameGroup, new Bank.Progress());
                long attempts = r.committed() + r.aborted() + r.unknown();
                String transfers = sameGroup ? "same-group" : "cross-group";
                double abortRate = attempts == 0 ? 0.0 : 100.0 * r.aborted() / attempts;
                if (json.enabled()) {
                    JsonOption.print(out(), new RunReport(clients, r.seconds(), transfers, r.committed(), r.aborted(),
                            r.unknown(), abortRate, r.throughput(), new RunReport.Latency(r.p50Ms(), r.p99Ms())));
                    return ExitCodes.OK;
                }
                out().printf("clients=%d duration=%.1fs transfers=%s%n", clients, r.seconds(), transfers);
                out().printf("committed=%d aborted=%d unknown=%d abort-rate=%.1f%%%n", r.committed(), r.aborted(),
                        r.unknown(), abortRate);
                out().printf("throughput=%.0f txn/s%n", r.throughput());
                out().printf("latency p50=%.2fms p99=%.2fms%n", r.p50Ms(), r.p99Ms());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "check", description = "Read all accounts in one transaction; exit 0 only if the total is intact and none is negative.")
    static final class Check extends ClusterCommand {
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            ClusterConfig config = cluster().load();
            try (TxnClient client = new TxnClient(config)) {
                Bank.CheckResult r = new Bank(config, client).check();
                if (json.enabled()) {
                    JsonOption.print(out(), new CheckReport(r.total(), r.accounts(), r.expectedTotal(), r.negative(), r.ok()));
                } else {
                    out().println("total=" + r.total() + " accounts=" + r.accounts());
                }
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
