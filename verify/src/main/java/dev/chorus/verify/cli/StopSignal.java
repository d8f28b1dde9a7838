package dev.chorus.verify.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Ends a {@link VerifyRun} before its duration is up, the same way the end of the duration does: the clients finish
 * the op they are in and stop, the nemesis heals the fault in place at once, then the usual final heal, final reads,
 * check and report follow on the history so far. Stopping never skips a heal, so no fault outlives the run.
 * One signal per run, safe from any thread (the dashboard's Stop button, the CLI's Ctrl-C); stopping twice is
 * stopping once.
 */
public final class StopSignal {
    /** Read by every client before each op: volatile, not the lock, so the hot loop does not contend. */
    private volatile boolean stopped;
    private final List<Runnable> listeners = new ArrayList<>();

    public void stop() {
        List<Runnable> toTell;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            toTell = List.copyOf(listeners);
        }
        toTell.forEach(Runnable::run); // outside the lock: a listener may take its own locks
    }

    public boolean stopped() {
        return stopped;
    }

    /** Runs {@code listener} when the signal is given, or now if it already was. It must be quick and idempotent. */
    void onStop(Runnable listener) {
        synchronized (this) {
            if (!stopped) {
                listeners.add(listener);
                return;
            }
        }
        listener.run();
    }
}
