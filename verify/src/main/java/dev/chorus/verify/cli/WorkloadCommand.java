package dev.chorus.verify.cli;

import dev.chorus.cli.ClusterCommand;
import dev.chorus.cli.DurationConverter;
import dev.chorus.client.ChorusClient;
import dev.chorus.config.ClusterConfig;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.verify.nemesis.ClusterControl;
import dev.chorus.verify.nemesis.Faults;
import dev.chorus.verify.nemesis.LocalProcessControl;
import dev.chorus.verify.workload.ClientWorkload;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What every {@code chorus verify WORKLOAD} command shares: its options, its clients, the nemesis on the local
 * cluster's processes, and {@link VerifyRun}. Each run works in its own fresh key space
 * ({@code verify/<workload>/<run>/}), since the checkers assume every key starts empty.
 */
abstract class WorkloadCommand extends ClusterCommand {
    @Option(names = "--clients", defaultValue = "5", paramLabel = "N", description = "concurrent clients (default 5)")
    int clients;
    @Option(names = "--duration", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class,
            description = "how long the clients run (default 10s)")
    Duration duration;
    @Option(names = "--nemesis", defaultValue = "none", paramLabel = "LIST",
            description = "faults, comma-separated: kill, pause, isolate, isolate-leader, partition, delay, transfer, "
                    + "snapshot, restart-all, clock, one-way, bridge, loss, member, compact, txn-failpoint; a+b injects a "
                    + "and b together; or all; or none (default)")
    String nemesis;
    @Option(names = "--interval", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class,
            description = "how long each fault, and each quiet period between faults, lasts (default 10s)")
    Duration interval;
    @Option(names = "--seed", paramLabel = "S", description = "random seed of clients and nemesis (default: the time)")
    Long seed;
    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default: verify-<workload>-<time>)")
    Path out;

    /** The clients a workload may use, sharing one connection pool. */
    record Clients(ChorusClient kv, TxnClient txns) {
    }

    abstract Workload kind();

    /** @param base the run's own key space, e.g. {@code verify/set/20260101-120000-123/} */
    abstract ClientWorkload workload(ClusterConfig config, Clients clients, String base);

    @Override
    public Integer call() throws Exception {
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = out != null ? out : Path.of("verify-" + kind().cliName() + "-" + run);
        long s = seed != null ? seed : System.nanoTime();
        VerifyRun.Settings settings = new VerifyRun.Settings(kind(), clients, duration, Faults.parse(nemesis), interval, s);
        ClusterConfig config = cluster().load();
        String base = "verify/" + kind().cliName() + "/" + run + "-" + Long.toHexString(System.nanoTime()) + "/";
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> stopAndAwait(stop, finished), "verify-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try (ChorusClient kv = new ChorusClient(config); TxnClient txns = new TxnClient(config, kv)) {
            ClusterControl control = new ClusterControl(config, new LocalProcessControl(config, err()::println));
            return VerifyRun.run(settings, workload(config, new Clients(kv, txns), base), control, dir, out(), err(),
                    new ProgressLine(err()), stop).exitCode();
        } finally {
            out().flush();
            err().flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came: the hook is running and lets the JVM end now that the run has.
            }
        }
    }

    /**
     * Ctrl-C (SIGINT) or SIGTERM: end the run as its duration would, so that the nemesis heals whatever it broke and
     * the history so far is checked and reported; the JVM ends once that is done. The nodes the nemesis restarted
     * do not get the signal (they run in their own session, see {@code LocalNodeProcesses}). A second Ctrl-C cannot
     * cut this short (the JVM is already shutting down); kill -9 can, and may leave a fault in place.
     */
    private void stopAndAwait(StopSignal stop, CountDownLatch finished) {
        err().println();
        err().println("chorus verify: interrupted: stopping the clients, healing every fault, checking the history so far");
        err().flush();
        stop.stop();
        try {
            if (!finished.await(5, TimeUnit.MINUTES)) {
                err().println("chorus verify: still healing after 5 minutes; giving up (check the cluster: chorus status)");
                err().flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
