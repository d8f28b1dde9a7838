package dev.chorus.gui.model;

import dev.chorus.client.ChorusClient;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.verify.cli.ProgressListener;
import dev.chorus.verify.cli.StopSignal;
import dev.chorus.verify.cli.VerifyRun;
import dev.chorus.verify.nemesis.ClusterControl;
import dev.chorus.verify.nemesis.Fault;
import dev.chorus.verify.nemesis.Faults;
import dev.chorus.verify.report.Results;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs {@code chorus verify} runs from the dashboard through the verify module's {@link VerifyRun} (not a child
 * process), one at a time on its own thread: a run lasts its duration plus heal and check, far too long for the
 * action thread the buttons share. Each run gets its own results directory under {@code resultsRoot} and its own
 * key space, since the checkers assume every key starts empty.
 */
public final class VerifyLauncher implements AutoCloseable {
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ClusterConfig cluster;
    private final ClusterControl control;
    private final Path resultsRoot;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chorus-gui-verify");
        t.setDaemon(true);
        return t;
    });

    public VerifyLauncher(ClusterConfig cluster, NodeControl nodes, Path resultsRoot) throws ConfigException {
        this.cluster = cluster;
        this.control = new ClusterControl(cluster, new NodeControlProcesses(nodes));
        this.resultsRoot = resultsRoot;
    }

    /** The nemesis faults this cluster can take, by their {@code --nemesis} names. */
    public List<String> supportedFaults() {
        return Faults.all().stream().filter(f -> f.supported(control)).map(Fault::name).toList();
    }

    /**
     * Starts the run off the calling thread; progress goes to {@code progress} on the run's progress thread, and
     * {@code stop} ends it early (healed, checked and reported as at the end of its duration).
     */
    public CompletableFuture<VerifyOutcome> start(VerifyRequest request, ProgressListener progress, StopSignal stop) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(request, progress, stop);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor);
    }

    private VerifyOutcome run(VerifyRequest request, ProgressListener progress, StopSignal stop) throws Exception {
        String name = request.workload().cliName() + "-" + LocalDateTime.now().format(RUN_NAME);
        Path dir = resultsRoot.resolve(name);
        String keys = "verify/gui/" + name + "-" + Long.toHexString(System.nanoTime()) + "/";
        VerifyRun.Settings settings = new VerifyRun.Settings(request.workload(), request.clients(), request.duration(),
                Faults.parse(String.join(",", request.faults())), request.interval(), System.nanoTime());
        StringWriter out = new StringWriter(); // the one-screen summary: the panel shows the verdict instead
        StringWriter err = new StringWriter();
        try (ChorusClient kv = new ChorusClient(cluster); TxnClient txns = new TxnClient(cluster, kv)) {
            Results results = VerifyRun.run(settings, request.workload().clients(cluster, kv, txns, keys), control,
                    dir.toAbsolutePath(), new PrintWriter(out, true), new PrintWriter(err, true), progress, stop);
            List<String> warnings = Arrays.stream(err.toString().split("\n")).filter(l -> !l.isBlank()).toList();
            return new VerifyOutcome(results, dir.resolve(VerifyRun.REPORT_FILE).toAbsolutePath(), warnings);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
