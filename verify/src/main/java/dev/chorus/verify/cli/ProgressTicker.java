package dev.chorus.verify.cli;

import dev.chorus.verify.history.Recorder;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** While a run lasts, tells a {@link ProgressListener} the ops so far and the current fault, every period and once at the end. */
final class ProgressTicker implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "verify-progress");
        t.setDaemon(true);
        return t;
    });
    private final Recorder recorder;
    private final Supplier<String> fault;
    private final ProgressListener listener;
    private final long started = System.nanoTime();
    private final ScheduledFuture<?> ticks;

    private ProgressTicker(Recorder recorder, Supplier<String> fault, ProgressListener listener) {
        this.recorder = recorder;
        this.fault = fault;
        this.listener = listener;
        long period = listener.period().toNanos();
        this.ticks = timer.scheduleAtFixedRate(() -> tell(false), period, period, TimeUnit.NANOSECONDS);
    }

    static ProgressTicker start(Recorder recorder, Supplier<String> fault, ProgressListener listener) {
        return new ProgressTicker(recorder, fault, listener);
    }

    private void tell(boolean finished) {
        listener.onProgress(new Progress(Duration.ofNanos(System.nanoTime() - started), recorder.tally(), fault.get(), finished));
    }

    /** Stops the ticks and gives the final one on the same thread, so the listener is never called concurrently. */
    @Override
    public void close() throws InterruptedException {
        ticks.cancel(false);
        timer.execute(() -> tell(true));
        timer.shutdown();
        if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
            timer.shutdownNow();
        }
    }
}
