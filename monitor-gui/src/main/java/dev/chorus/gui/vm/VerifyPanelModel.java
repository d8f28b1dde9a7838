package dev.chorus.gui.vm;

import dev.chorus.gui.model.VerifyLauncher;
import dev.chorus.gui.model.VerifyRequest;
import dev.chorus.verify.cli.Progress;
import dev.chorus.verify.cli.ProgressListener;
import dev.chorus.verify.cli.StopSignal;
import dev.chorus.verify.cli.Workload;
import dev.chorus.verify.nemesis.Faults;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The Verify panel's logic, without JavaFX: the choices it offers, and a run turned into a sequence of
 * {@link VerifyStatus} values for the view. Statuses arrive on the run's threads; the view hops them to the FX thread.
 */
public final class VerifyPanelModel {
    /** Progress twice a second: live enough to watch, cheap for the FX thread. */
    static final Duration PROGRESS_PERIOD = Duration.ofMillis(500);

    private final VerifyLauncher launcher;
    /** The run under way's stop signal; a fresh one per run, so a late Stop cannot end the next run. */
    private final AtomicReference<StopSignal> current = new AtomicReference<>(new StopSignal());

    public VerifyPanelModel(VerifyLauncher launcher) {
        this.launcher = launcher;
    }

    public List<String> workloads() {
        return Arrays.stream(Workload.values()).map(Workload::cliName).toList();
    }

    /** Every fault the nemesis knows, by its {@code --nemesis} name. */
    public List<String> faults() {
        return Faults.names();
    }

    /** The faults this cluster can take; the others are offered disabled. */
    public Set<String> supportedFaults() {
        return Set.copyOf(launcher.supportedFaults());
    }

    /**
     * Starts a run and tells {@code statuses} how it goes: STARTING now, RUNNING (STOPPING after {@link #stop}) and
     * CHECKING from the run's progress, then DONE or FAILED last (the run's progress thread has ended by then, so
     * nothing overtakes the final status).
     */
    public void start(String workload, List<String> faults, int durationSeconds, int clients, int intervalSeconds,
                      Consumer<VerifyStatus> statuses) {
        VerifyRequest request = new VerifyRequest(Workload.parse(workload), faults, Duration.ofSeconds(durationSeconds),
                clients, Duration.ofSeconds(intervalSeconds));
        StopSignal stop = new StopSignal();
        current.set(stop);
        statuses.accept(VerifyStatus.starting(request));
        AtomicReference<VerifyStatus> last = new AtomicReference<>(VerifyStatus.starting(request));
        ProgressListener progress = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                VerifyStatus s = VerifyStatus.of(p, stop.stopped());
                last.set(s);
                statuses.accept(s);
            }

            @Override
            public Duration period() {
                return PROGRESS_PERIOD;
            }
        };
        launcher.start(request, progress, stop).whenComplete((outcome, error) -> statuses.accept(error != null
                ? last.get().failed(error) : VerifyStatus.finished(outcome, last.get().elapsedSeconds())));
    }

    /**
     * Ends the run under way early, as its duration's end would: clients stop, the nemesis heals, the history so far
     * is checked and reported. The next statuses say STOPPING, then CHECKING and DONE as usual. No run: nothing.
     */
    public void stop() {
        current.get().stop();
    }
}
