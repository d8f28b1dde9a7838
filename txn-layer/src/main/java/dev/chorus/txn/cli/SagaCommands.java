package dev.chorus.txn.cli;

import dev.chorus.admin.AdminServer;
import dev.chorus.cli.ClusterCommand;
import dev.chorus.cli.CommandGroup;
import dev.chorus.cli.ExitCodes;
import dev.chorus.config.ClusterConfig;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.saga.OrderSaga;
import dev.chorus.txn.saga.SagaDefinition;
import dev.chorus.txn.saga.SagaListener;
import dev.chorus.txn.saga.SagaLog;
import dev.chorus.txn.saga.SagaRecovery;
import dev.chorus.txn.saga.SagaRunner;
import dev.chorus.txn.saga.SagaState;
import dev.chorus.cli.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code chorus saga demo-order [--fail-at STEP] [--crash-at STEP]} and {@code chorus saga recover}: the built-in
 * order saga, printed step by step; a crash halts this process mid-saga, and {@code recover} finishes it.
 */
@Command(name = "saga", description = "Run the built-in order saga, or recover unfinished sagas.",
        subcommands = {SagaCommands.DemoOrder.class, SagaCommands.Recover.class})
public final class SagaCommands extends CommandGroup {

    /** Prints each step and compensation as it runs. */
    static SagaListener printer(PrintWriter out) {
        return new SagaListener() {
            @Override
            public void started(SagaLog log) {
                out.println("saga " + log.id() + " " + log.name() + " started " + log.params());
                out.flush();
            }

            @Override
            public void stepStarted(SagaLog log, String step, boolean compensating, int attempt) {
                out.println("  " + (compensating ? "compensate " : "") + step + (attempt > 1 ? " (attempt " + attempt + ")" : "") + " ...");
                out.flush();
            }

            @Override
            public void stepSucceeded(SagaLog log, String step, boolean compensating) {
                out.println("  " + (compensating ? "compensate " : "") + step + " done");
                out.flush();
            }

            @Override
            public void stepFailed(SagaLog log, String step, boolean compensating, String error) {
                out.println("  " + (compensating ? "compensate " : "") + step + " FAILED: " + error);
                out.flush();
            }

            @Override
            public void finished(SagaLog log) {
                out.println("saga " + log.id() + " " + log.state() + (log.failure() == null ? "" : " (" + log.failure() + ")"));
                out.flush();
            }
        };
    }

    static int exitCode(SagaState state) {
        return state == SagaState.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
    }

    @Command(name = "demo-order", description = "reserve-stock -> debit-account -> create-shipment, keys in three groups.")
    static final class DemoOrder extends ClusterCommand {
        @Option(names = "--fail-at", paramLabel = "STEP", description = "make this step's action fail")
        String failAt;
        @Option(names = "--crash-at", paramLabel = "STEP", description = "halt this process right after this step's action")
        String crashAt;
        @Option(names = "--customer", defaultValue = "alice")
        String customer;
        @Option(names = "--item", defaultValue = "widget")
        String item;

        @Override
        public Integer call() throws Exception {
            SagaDefinition def = OrderSaga.definition(failAt == null ? Set.of() : Set.of(failAt));
            for (String s : new String[]{failAt, crashAt}) {
                if (s != null) {
                    def.indexOf(s); // unknown step → IllegalArgumentException → exit 2
                }
            }
            ClusterConfig config = cluster().load();
            Map<String, String> params = OrderSaga.params(customer, item, 1, 25);
            SagaRunner.CrashPoint crash = (step, compensating) -> {
                if (!compensating && step.equals(crashAt)) {
                    out().println("  crashing now (after " + step + ", before it is recorded): run `chorus saga recover`");
                    out().flush();
                    Runtime.getRuntime().halt(137);
                }
            };
            try (TxnClient txns = new TxnClient(config);
                 SagaRunner runner = new SagaRunner(txns, 5, SagaRunner.DEFAULT_LEASE, printer(out()), crash)) {
                OrderSaga.prepareData(txns, params);
                return exitCode(runner.run(def, params).state());
            }
        }
    }

    @Command(name = "recover", description = "Resume every unfinished demo-order saga (waits for dead runners' leases).")
    static final class Recover extends ClusterCommand {
        @Override
        public Integer call() throws Exception {
            ClusterConfig config = cluster().load();
            try (TxnClient txns = new TxnClient(config);
                 SagaRunner runner = new SagaRunner(txns, printer(out()))) {
                SagaRecovery recovery = new SagaRecovery(txns, runner, Map.of(OrderSaga.NAME, OrderSaga.definition(Set.of())));
                int recovered = 0;
                boolean allCompleted = true;
                while (true) {
                    long wait = recovery.millisUntilNextLeaseExpires();
                    if (wait < 0) {
                        break;
                    }
                    if (wait > 0) {
                        out().println("waiting " + wait + " ms for a dead runner's lease to expire");
                        out().flush();
                        Thread.sleep(wait + 100);
                    }
                    List<SagaLog> done = recovery.recoverOnce();
                    recovered += done.size();
                    allCompleted &= done.stream().allMatch(l -> l.state() == SagaState.COMPLETED);
                }
                out().println(recovered == 0 ? "no unfinished saga" : "recovered " + recovered + " saga(s)");
                return allCompleted ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }
    }

    /** {@code chorus sagas [--json]}: every saga in the cluster, unfinished first. */
    @Command(name = "sagas", description = "List sagas and their step states.")
    public static final class ListSagas extends ClusterCommand {
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            try (TxnClient txns = new TxnClient(cluster().load())) {
                List<SagaLog> logs = SagaRecovery.list(txns).stream().sorted(SagaLog.LISTING_ORDER).toList();
                if (json.enabled()) {
                    out().println(AdminServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(logs));
                    return ExitCodes.OK;
                }
                out().printf("%-36s  %-11s  %-16s  %s%n", "ID", "NAME", "STATE", "STEPS");
                for (SagaLog l : logs) {
                    StringBuilder steps = new StringBuilder();
                    l.steps().forEach(s -> steps.append(steps.length() == 0 ? "" : ", ").append(s.name()).append('=').append(s.state()));
                    out().printf("%-36s  %-11s  %-16s  %s%n", l.id(), l.name(), l.state(), steps);
                }
                return ExitCodes.OK;
            }
        }
    }
}
