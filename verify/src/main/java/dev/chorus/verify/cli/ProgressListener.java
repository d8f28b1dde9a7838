package dev.chorus.verify.cli;

import java.time.Duration;

/**
 * Told how a {@link VerifyRun} goes while it runs: the CLI prints a line ({@link ProgressLine}), the dashboard
 * shows it live. Called on the run's own progress thread, never concurrently; it must not block for long.
 */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(Progress progress);

    /** How often to be told; once more at the end, with {@link Progress#finished()}. */
    default Duration period() {
        return Duration.ofSeconds(1);
    }
}
