package dev.chorus.verify.cli;

import dev.chorus.verify.history.Recorder;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** While a run lasts, one line a second on stderr: elapsed time, ops so far by outcome, and the current fault. */
final class ProgressLine implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "verify-progress");
        t.setDaemon(true);
        return t;
    });

    private ProgressLine(Recorder recorder, Supplier<String> fault, PrintWriter err) {
        long started = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            Recorder.Tally t = recorder.tally();
            err.printf("[%3ds] ops %d  ok %d  fail %d  info %d  fault: %s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), t.ops(), t.ok(), t.fail(), t.info(), fault.get());
            err.flush();
        }, 1, 1, TimeUnit.SECONDS);
    }

    static ProgressLine start(Recorder recorder, Supplier<String> fault, PrintWriter err) {
        return new ProgressLine(recorder, fault, err);
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
