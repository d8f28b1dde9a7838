package dev.chorus.verify.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/** The CLI's progress: one line a second on stderr with elapsed time, ops so far by outcome, and the current fault. */
final class ProgressLine implements ProgressListener {
    private final PrintWriter err;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onProgress(Progress p) {
        err.printf("[%3ds] ops %d  ok %d  fail %d  info %d  fault: %s%n", TimeUnit.NANOSECONDS.toSeconds(p.elapsed().toNanos()),
                p.ops().ops(), p.ops().ok(), p.ops().fail(), p.ops().info(), p.fault());
        err.flush();
    }
}
