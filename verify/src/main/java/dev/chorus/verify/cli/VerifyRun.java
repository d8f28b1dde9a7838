package dev.chorus.verify.cli;

import dev.chorus.verify.checker.RegisterChecker;
import dev.chorus.verify.history.HistoryWriter;
import dev.chorus.verify.history.Recorder;
import dev.chorus.verify.nemesis.ClusterControl;
import dev.chorus.verify.nemesis.Fault;
import dev.chorus.verify.nemesis.NemesisEvent;
import dev.chorus.verify.nemesis.NemesisLog;
import dev.chorus.verify.nemesis.NemesisSchedule;
import dev.chorus.verify.report.Results;
import dev.chorus.verify.workload.ClientRunner;
import dev.chorus.verify.workload.ClientWorkload;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One run of a workload against a live cluster, the pipeline every {@code chorus verify WORKLOAD} command shares:
 * set up, clients and nemesis together for the duration, heal everything and wait for leaders, final reads, then
 * check and report into the results directory (history.jsonl, nemesis.jsonl, results.json, report.html). A
 * {@link StopSignal} ends the clients early; the rest of the pipeline stays the same.
 */
public final class VerifyRun {
    /** How long the final heal waits for every group to have a leader. */
    public static final Duration LEADER_WAIT = Duration.ofSeconds(60);
    /** The run's report in its results directory. */
    public static final String REPORT_FILE = "report.html";

    /**
     * @param faults   what the nemesis may inject (empty: no nemesis); those the cluster cannot take are dropped
     * @param interval how long each fault lasts, and each quiet period between faults
     */
    public record Settings(Workload workload, int clients, Duration duration, List<Fault> faults, Duration interval,
                           long seed) {
        public Settings {
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be at least 1");
            }
            if (duration.isNegative() || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("--duration and --interval must be positive");
            }
            faults = List.copyOf(faults);
        }
    }

    private VerifyRun() {
    }

    public static Results run(Settings settings, ClientWorkload workload, ClusterControl cluster, Path dir,
                              PrintWriter out, PrintWriter err) throws Exception {
        return run(settings, workload, cluster, dir, out, err, new ProgressLine(err));
    }

    /** As the CLI's run, with progress going to {@code progress} instead of a line on {@code err}. */
    public static Results run(Settings settings, ClientWorkload workload, ClusterControl cluster, Path dir,
                              PrintWriter out, PrintWriter err, ProgressListener progress) throws Exception {
        return run(settings, workload, cluster, dir, out, err, progress, new StopSignal());
    }

    /**
     * As above, and {@code stop} may end the run early: then everything after the clients happens as usual (final
     * heal, final reads, check, report) on the history so far, and {@code err} says the run was stopped.
     */
    public static Results run(Settings settings, ClientWorkload workload, ClusterControl cluster, Path dir,
                              PrintWriter out, PrintWriter err, ProgressListener progress, StopSignal stop)
            throws Exception {
        Files.createDirectories(dir);
        Path historyFile = dir.resolve("history.jsonl");
        List<Fault> faults = settings.faults().stream().filter(f -> supported(f, cluster, err)).toList();
        Recorder recorder;
        List<NemesisEvent> events;
        try (HistoryWriter writer = new HistoryWriter(historyFile); NemesisLog log = new NemesisLog(dir.resolve(NemesisLog.FILE))) {
            recorder = new Recorder(writer);
            workload.setUp(recorder);
            NemesisSchedule nemesis = new NemesisSchedule(cluster, faults, settings.interval(), log, settings.seed());
            try (ProgressTicker ticker = ProgressTicker.start(recorder, nemesis::current, progress)) {
                nemesis.start();
                // The fault in place goes as soon as the run is stopped, not when the clients' last ops are done.
                stop.onStop(nemesis::stopInjecting);
                long started = System.nanoTime();
                int finalProcess;
                try {
                    finalProcess = ClientRunner.run(workload, settings.clients(), settings.duration(), recorder,
                            settings.seed(), stop::stopped);
                } finally {
                    if (stop.stopped()) {
                        err.println("chorus verify: stopped after " + Duration.ofNanos(System.nanoTime() - started).toSeconds()
                                + " s of " + settings.duration().toSeconds() + " s: healing, final reads and check on the history so far");
                    }
                    if (!nemesis.stopAndHeal(LEADER_WAIT)) {
                        err.println("chorus verify: warning: some group has no leader after the final heal; final reads may fail");
                    }
                    for (String problem : nemesis.healProblems()) {
                        // The verdict is about the history; this is about the cluster the run leaves behind.
                        err.println("chorus verify: warning: the final heal could not undo " + problem
                                + " (see nemesis.jsonl; check the cluster with chorus status)");
                    }
                }
                workload.finalReads(finalProcess, recorder);
            }
            events = log.events();
        }
        Workload.CheckerOptions options = new Workload.CheckerOptions(RegisterChecker.DEFAULT_STATE_BUDGET, true);
        return Verification.checkAndReport(settings.workload(), options, recorder.history(), historyFile, dir, events, out);
    }

    private static boolean supported(Fault fault, ClusterControl cluster, PrintWriter err) {
        if (fault.supported(cluster)) {
            return true;
        }
        String how = fault.howToSupport();
        err.println("chorus verify: fault '" + fault.name() + "' is not supported by this cluster; left out"
                + (how.isEmpty() ? "" : " (" + how + ")"));
        return false;
    }
}
